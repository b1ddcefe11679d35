/*
 * arena.c - the memory of a loaded catalog: strings and arrays go into
 * large chunks freed all at once, so a catalog of a few hundred entries
 * costs a handful of allocations and aisec_catalog_free() cannot leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

#define CHUNK_SIZE ((size_t)64 * 1024)

struct cat_chunk {
	struct cat_chunk *next;
	size_t used, size;
	max_align_t data[];
};

void *cat_alloc(struct cat_arena *a, size_t n)
{
	struct cat_chunk *c = a->head;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (n == 0)
		n = 8;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		if (n > CHUNK_SIZE / 4 && a->head) {
			/* a big block: keep filling the current chunk afterwards */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *cat_strndup(struct cat_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = cat_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void cat_arena_free(struct cat_arena *a)
{
	struct cat_chunk *c = a->head;

	while (c) {
		struct cat_chunk *next = c->next;

		free(c);
		c = next;
	}
	a->head = NULL;
}

void *cat_vec_push(struct cat_vec *v)
{
	char *p;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 32;
		void *items = realloc(v->items, cap * v->size);

		if (!items)
			return NULL;
		v->items = items;
		v->cap = cap;
	}
	p = (char *)v->items + v->n * v->size;
	memset(p, 0, v->size);
	v->n++;
	return p;
}
