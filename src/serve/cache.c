/*
 * cache.c - a short-lived cache of portfolio queries for `aisec serve`.
 *
 * The portfolio (one row per system with its open risks, evidence and next
 * deadline) is an aggregate over the whole workspace and costs the store
 * milliseconds on a thousand systems; the dashboard and API ask for the same
 * few views over and over.  A result is kept for `ttl_ms` (default 1 s) and
 * dropped at once when this server writes (a decision, a verification);
 * writes by other processes (`aisec workspace assess`) show within ttl_ms.
 * Entries are snapshots with a reference count, so rendering happens
 * outside the lock (the API's JSON of a snapshot is kept with it, set once); at
 * most CACHE_SLOTS queries are kept, the oldest replaced first.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve/serve.h"

#define CACHE_SLOTS 16

struct serve_snap {
	int refs;
	unsigned gen;
	long long at_ms;
	char key[200];
	struct aisec_store_page page;
	char *body; /* the API's JSON of this page, once rendered */
	size_t body_len;
};

struct serve_cache {
	pthread_mutex_t mu;
	unsigned gen;
	long ttl_ms; /* <= 0: off */
	struct serve_snap *slot[CACHE_SLOTS];
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct serve_cache *serve_cache_new(long ttl_ms)
{
	struct serve_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	pthread_mutex_init(&c->mu, NULL);
	c->ttl_ms = ttl_ms;
	return c;
}

static void snap_drop(struct serve_snap *s)
{
	if (--s->refs == 0) {
		aisec_store_page_release(&s->page);
		free(s->body);
		free(s);
	}
}

void serve_cache_free(struct serve_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (c->slot[i])
			snap_drop(c->slot[i]);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void serve_cache_invalidate(struct serve_cache *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->gen++;
	pthread_mutex_unlock(&c->mu);
}

static void query_key(const struct aisec_store_query *q, char *key, size_t n)
{
	char day[11];

	if (q->today) {
		snprintf(day, sizeof(day), "%s", q->today);
	} else {
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	}
	/* strings as length:text, so no text can imitate another key */
	snprintf(key, n, "%d/%d/%d/%zu/%zu/%s/%zu:%s/%zu:%s", (int)q->sort,
		 q->descending, q->open_risks, q->limit, q->offset, day,
		 q->klass ? strlen(q->klass) : 0, q->klass ? q->klass : "",
		 q->text ? strlen(q->text) : 0, q->text ? q->text : "");
}

int serve_portfolio_get(struct serve_cache *c, struct aisec_store *st,
			const struct aisec_store_query *q,
			struct serve_snap **out,
			const struct aisec_store_page **page,
			struct aisec_error *err)
{
	struct serve_snap *s;
	char key[200];
	unsigned gen;
	long long t = now_ms();
	int ret, victim = 0;

	query_key(q, key, sizeof(key));
	pthread_mutex_lock(&c->mu);
	gen = c->gen;
	for (int i = 0; c->ttl_ms > 0 && i < CACHE_SLOTS; i++) {
		s = c->slot[i];
		if (s && s->gen == gen && t - s->at_ms < c->ttl_ms &&
		    strcmp(s->key, key) == 0) {
			s->refs++;
			pthread_mutex_unlock(&c->mu);
			*out = s;
			*page = &s->page;
			return 0;
		}
	}
	pthread_mutex_unlock(&c->mu);

	s = calloc(1, sizeof(*s));
	if (!s)
		return aisec_error_set(err, AISEC_ERR_NOMEM,
				       "portfolio: out of memory");
	ret = aisec_store_portfolio(st, q, &s->page, err);
	if (ret != 0) {
		free(s);
		return ret;
	}
	s->refs = 1;
	s->gen = gen;
	s->at_ms = t;
	memcpy(s->key, key, sizeof(key));
	if (c->ttl_ms > 0) {
		pthread_mutex_lock(&c->mu);
		for (int i = 0; i < CACHE_SLOTS; i++) {
			if (!c->slot[i]) {
				victim = i;
				break;
			}
			if (c->slot[i]->at_ms < c->slot[victim]->at_ms)
				victim = i;
		}
		if (c->slot[victim])
			snap_drop(c->slot[victim]);
		c->slot[victim] = s;
		s->refs++;
		pthread_mutex_unlock(&c->mu);
	}
	*out = s;
	*page = &s->page;
	return 0;
}

void serve_snap_release(struct serve_cache *c, struct serve_snap *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&c->mu);
	snap_drop(s);
	pthread_mutex_unlock(&c->mu);
}

const char *serve_snap_body(struct serve_cache *c, struct serve_snap *s,
			    size_t *len)
{
	const char *b;

	pthread_mutex_lock(&c->mu);
	b = s->body;
	*len = s->body_len;
	pthread_mutex_unlock(&c->mu);
	return b;
}

void serve_snap_set_body(struct serve_cache *c, struct serve_snap *s,
			 char *body, size_t len)
{
	pthread_mutex_lock(&c->mu);
	if (!s->body) {
		s->body = body;
		s->body_len = len;
		body = NULL;
	}
	pthread_mutex_unlock(&c->mu);
	free(body);
}
