/*
 * assets.c - the two static files of the dashboard, compiled in so that no
 * URL ever reaches the file system: the style sheet and a little
 * progressive JavaScript (the pages work without it: filters are plain GET
 * forms, sorting is a link).  The script only submits the filter form when
 * a select or checkbox changes and asks for confirmation before a decision
 * is recorded; the strict Content-Security-Policy (script-src 'self') allows
 * it because it is a file, not inline.
 */
#include "serve/serve.h"

static const char serve_js[] =
    "'use strict';\n"
    "document.addEventListener('DOMContentLoaded', function () {\n"
    "  document.querySelectorAll('form.filter select, form.filter "
    "input[type=checkbox]')\n"
    "    .forEach(function (el) {\n"
    "      el.addEventListener('change', function () { el.form.submit(); });\n"
    "    });\n"
    "  document.querySelectorAll('form.decide').forEach(function (f) {\n"
    "    f.addEventListener('submit', function (ev) {\n"
    "      var st = f.querySelector('select[name=status]');\n"
    "      if (st && !window.confirm('Record the decision \"' + st.value + '\" "
    "for ' +\n"
    "          f.querySelector('input[name=finding]').value + '?')) "
    "ev.preventDefault();\n"
    "    });\n"
    "  });\n"
    "});\n";

static const char serve_css[] =
    ":root{--fg:#1c2430;--muted:#5f6b7a;--line:#d8dee6;--bg:#f5f7fa;--card:#"
    "fff;"
    "--red:#c62828;--amber:#b35c00;--green:#2e7d32;--blue:#1565c0}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\n"
    "header.top{background:#1c2430;color:#fff;padding:8px "
    "20px;display:flex;gap:18px;"
    "align-items:center;flex-wrap:wrap}\n"
    "header.top a{color:#fff;text-decoration:none;font-weight:600}\n"
    "header.top .who{margin-left:auto;color:#cfd6df;font-size:13px}\n"
    "header.top form{display:inline}\n"
    "main{max-width:1200px;margin:0 auto;padding:16px 20px}\n"
    "section{background:var(--card);border:1px solid "
    "var(--line);border-radius:6px;"
    "padding:12px 16px;margin:14px 0;overflow-x:auto}\n"
    "h1{font-size:22px;margin:10px 0}h2{font-size:17px;margin:4px 0 10px}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px}\n"
    "th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;"
    "vertical-align:top}\n"
    "th a{color:inherit}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".muted{color:var(--muted)}.error{color:var(--red);font-weight:600}\n"
    ".badge{display:inline-block;padding:1px "
    "7px;border-radius:9px;font-size:12px;"
    "font-weight:600;color:#fff;background:var(--muted)}\n"
    ".b-critical,.b-prohibited,.b-broken,.b-fail,.b-missing,.b-hit{background:"
    "var(--red)}\n"
    ".b-major,.b-high-risk,.b-expired,.b-unverified{background:var(--amber)}\n"
    ".b-minor,.b-limited{background:var(--blue)}\n"
    ".b-verified,.b-minimal,.b-pass,.b-accepted,.b-mitigated,.b-false-positive,"
    ".b-clear{background:var(--green)}\n"
    ".heat td{text-align:center;min-width:60px;font-weight:600}\n"
    ".h0{background:#f0f3f6}.h1{background:#ffe9c7}.h2{background:#ffc48a}"
    ".h3{background:#ff8f73}.h4{background:#e5533d;color:#fff}\n"
    "form.filter{display:flex;gap:10px;flex-wrap:wrap;align-items:center}\n"
    "form.decide{display:flex;gap:6px;flex-wrap:wrap}\n"
    "form.decide input[name=reason]{min-width:220px}\n"
    "input,select,button{font:inherit;padding:3px 6px}\n"
    "button{cursor:pointer}\n"
    "pre{white-space:pre-wrap;font-size:13px}\n"
    "nav.pages{margin-top:8px;display:flex;gap:12px}\n";

int serve_asset(struct serve_ctx *c)
{
	if (c->m.route->id == SR_STATIC_JS) {
		c->ctype = "text/javascript; charset=utf-8";
		return aisec_buf_add(&c->out, serve_js, sizeof(serve_js) - 1);
	}
	c->ctype = "text/css; charset=utf-8";
	return aisec_buf_add(&c->out, serve_css, sizeof(serve_css) - 1);
}
