/*
 * test_json.c - the strict JSON reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

static struct dl_ynode *
parse_ok(const char *text)
{
	struct dl_ynode *root = NULL;
	struct dl_error err;

	memset(&err, 0, sizeof(err));
	if (dl_json_parse("t.json", text, strlen(text), &root, &err) != 0)
		fail_msg("%s:%u:%u: %s", err.file, err.line, err.column,
		    err.message);
	assert_non_null(root);
	return root;
}

/* The error line "file:line:col: message" for text. */
static const char *
parse_err(const char *text, size_t len)
{
	static char buf[1600];
	struct dl_ynode *root = NULL;
	struct dl_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_json_parse("t.json", text, len, &root, &err),
	    DL_EINPUT);
	assert_null(root);
	return dl_error_format(&err, buf, sizeof(buf));
}

#define ERR(text)	parse_err(text, strlen(text))

static void
test_dl_json_parse_values(void **state)
{
	struct dl_ynode *r, *a;

	(void)state;
	r = parse_ok(" {\"a\": [1, -2.5e+3, true, false, null, \"null\"],\n"
	    "  \"b\": {} }\n");
	assert_int_equal(r->kind, DL_YMAPPING);
	assert_int_equal(r->n, 4);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->column, 2);
	a = dl_ymap_get(r, "a");
	assert_int_equal(a->kind, DL_YSEQUENCE);
	assert_int_equal(a->n, 6);
	assert_string_equal(a->items[1]->value, "-2.5e+3");
	assert_int_equal(a->items[1]->plain, 1);
	assert_int_equal(a->items[1]->column, 12);
	assert_true(dl_json_is_null(a->items[4]));
	assert_false(dl_json_is_null(a->items[5]));
	assert_int_equal(a->items[5]->plain, 0);
	assert_int_equal(dl_ymap_get(r, "b")->line, 2);
	assert_int_equal(dl_ymap_get(r, "b")->column, 8);
	dl_ynode_free(r);
}

static void
test_dl_json_parse_escapes(void **state)
{
	struct dl_ynode *r;

	(void)state;
	r = parse_ok("[\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"]");
	assert_string_equal(r->items[0]->value,
	    "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(r->items[0]->len, 15);
	dl_ynode_free(r);
}

/* Columns count characters, not bytes: "é" is one. */
static void
test_dl_json_parse_columns_count_characters(void **state)
{
	(void)state;
	assert_string_equal(ERR("[\"\xc3\xa9\xc3\xa9\" x]"),
	    "t.json:1:7: expected ',' or ']' after an array element, "
	    "got 'x'");
}

static void
test_dl_json_parse_one_line_column(void **state)
{
	char *big;
	size_t i, n = 5000;

	(void)state;
	/* {"k0":0,"k1":1,... then a missing comma far along the line. */
	assert_non_null(big = malloc(n * 16 + 16));
	strcpy(big, "{");
	for (i = 0; i < n; i++)
		sprintf(big + strlen(big), "\"k%zu\":%zu,", i, i);
	strcat(big, "\"end\":1 \"x\":2}");
	assert_string_equal(ERR(big), "t.json:1:62790: expected ',' or '}' "
	    "after an object member, got '\"'");
	free(big);
}

static void
test_dl_json_parse_errors(void **state)
{
	(void)state;
	assert_string_equal(ERR(""), "t.json:1:1: expected a value, got the "
	    "end of the file");
	assert_string_equal(ERR("{\"a\":1,}"), "t.json:1:8: expected a string "
	    "in double quotes for an object key, got '}'");
	assert_string_equal(ERR("[1,]"), "t.json:1:4: expected a value "
	    "(an object, array, string, number, true, false or null), "
	    "got ']'");
	assert_string_equal(ERR("{'a':1}"), "t.json:1:2: expected a string "
	    "in double quotes for an object key, got '''");
	assert_string_equal(ERR("[01]"), "t.json:1:3: a number must not have "
	    "a leading zero");
	assert_string_equal(ERR("[1.]"), "t.json:1:4: expected a digit after "
	    "the decimal point");
	assert_string_equal(ERR("[NaN]"), "t.json:1:2: expected a value "
	    "(an object, array, string, number, true, false or null), "
	    "got 'N'");
	assert_string_equal(ERR("{\"a\" 1}"), "t.json:1:6: expected ':' after "
	    "an object key, got '1'");
	assert_string_equal(ERR("{} x"), "t.json:1:4: unexpected 'x' after "
	    "the JSON value: expected the end of the file");
	assert_string_equal(ERR("[\"abc"), "t.json:1:2: string not closed: "
	    "expected '\"' before the end of the file");
	assert_string_equal(ERR("{\"ab"), "t.json:1:2: string not closed: "
	    "expected '\"' before the end of the file");
	assert_string_equal(ERR("// c\n{}"), "t.json:1:1: expected a value "
	    "(an object, array, string, number, true, false or null), "
	    "got '/'");
}

static void
test_dl_json_parse_duplicate_key(void **state)
{
	char big[4096];
	size_t i;

	(void)state;
	assert_string_equal(ERR("{\"a\":1,\n \"b\":2, \"a\":3}"),
	    "t.json:2:9: duplicate key 'a' (first at line 1, column 2)");
	/* A large object takes the sorting path. */
	strcpy(big, "{");
	for (i = 0; i < 40; i++)
		sprintf(big + strlen(big), "\"k%zu\":1,", i);
	strcat(big, "\"k7\":2}");
	assert_string_equal(ERR(big), "t.json:1:312: duplicate key 'k7' "
	    "(first at line 1, column 51)");
}

static void
test_dl_json_parse_bad_strings(void **state)
{
	(void)state;
	assert_string_equal(ERR("[\"a\\x\"]"), "t.json:1:4: bad escape '\\x': "
	    "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
	assert_string_equal(ERR("[\"\\u12\"]"), "t.json:1:3: bad escape: "
	    "'\\u' must be followed by four hexadecimal digits");
	assert_string_equal(ERR("[\"\\ud800x\"]"), "t.json:1:3: bad escape: "
	    "'\\ud800' is a high surrogate without a low one");
	assert_string_equal(ERR("[\"\\udc00\"]"), "t.json:1:3: bad escape: "
	    "'\\udc00' is a low surrogate without a high one");
	assert_string_equal(ERR("[\"\\u0000\"]"), "t.json:1:3: '\\u0000' (NUL) "
	    "is not allowed in a string");
	assert_string_equal(ERR("[\"a\tb\"]"), "t.json:1:4: control character "
	    "0x09 in a string: write it as an escape like \\n or \\u0009");
	assert_string_equal(ERR("[\"a\xc3\"]"), "t.json:1:4: invalid UTF-8: "
	    "byte 0xc3 does not start a valid character");
	/* Overlong and surrogate encodings. */
	assert_string_equal(ERR("[\"\xc0\xaf\"]"), "t.json:1:3: invalid "
	    "UTF-8: byte 0xc0 does not start a valid character");
	assert_string_equal(ERR("[\"\xed\xa0\x80\"]"), "t.json:1:3: invalid "
	    "UTF-8: byte 0xed does not start a valid character");
	assert_string_equal(parse_err("[\"a\0\"]", 6), "t.json:1:4: control "
	    "character 0x00 in a string: write it as an escape like \\n or "
	    "\\u0000");
}

static void
test_dl_json_parse_depth_limit(void **state)
{
	char deep[DL_JSON_MAX_DEPTH * 2 + 4];
	size_t i;

	(void)state;
	for (i = 0; i < DL_JSON_MAX_DEPTH; i++) {
		deep[i] = '[';
		deep[DL_JSON_MAX_DEPTH * 2 - 1 - i] = ']';
	}
	deep[DL_JSON_MAX_DEPTH * 2] = '\0';
	dl_ynode_free(parse_ok(deep));
	memmove(deep + 1, deep, DL_JSON_MAX_DEPTH * 2 + 1);
	deep[0] = '[';
	strcat(deep, "]");
	assert_string_equal(ERR(deep), "t.json:1:129: nested deeper than 128 "
	    "objects and arrays");
}

static void
test_dl_json_sniff_kinds(void **state)
{
	(void)state;
	assert_true(dl_json_sniff(" \n{\"a\":1}", 9));
	assert_true(dl_json_sniff("\xef\xbb\xbf[1]", 6));
	assert_false(dl_json_sniff("zone: example.com.\n", 19));
	assert_false(dl_json_sniff("", 0));
}

static void
test_dl_json_parse_dropping_keeps_nulls(void **state)
{
	static const char *const drop[] = { "big", NULL };
	static const char text[] = "{\"big\": {\"big\": [1, 2]},\n"
	    " \"keep\": {\"big\": 3}}";
	struct dl_ynode *r = NULL, *n;
	struct dl_error err;

	(void)state;
	assert_int_equal(dl_json_parse_dropping("t.json", text,
	    strlen(text), drop, &r, &err), 0);
	/* Only the top level's key is dropped, its place kept. */
	n = dl_ymap_get(r, "big");
	assert_true(dl_json_is_null(n));
	assert_int_equal(n->line, 1);
	assert_int_equal(n->column, 9);
	n = dl_ymap_get(dl_ymap_get(r, "keep"), "big");
	assert_string_equal(n->value, "3");
	dl_ynode_free(r);
	/* What is dropped is still checked. */
	assert_int_equal(dl_json_parse_dropping("t.json", "{\"big\": [1,]}",
	    13, drop, &r, &err), DL_EINPUT);
	assert_int_equal(err.column, 12);
	assert_null(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_json_parse_values),
		cmocka_unit_test(test_dl_json_parse_escapes),
		cmocka_unit_test(test_dl_json_parse_columns_count_characters),
		cmocka_unit_test(test_dl_json_parse_one_line_column),
		cmocka_unit_test(test_dl_json_parse_errors),
		cmocka_unit_test(test_dl_json_parse_duplicate_key),
		cmocka_unit_test(test_dl_json_parse_bad_strings),
		cmocka_unit_test(test_dl_json_parse_depth_limit),
		cmocka_unit_test(test_dl_json_sniff_kinds),
		cmocka_unit_test(test_dl_json_parse_dropping_keeps_nulls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
