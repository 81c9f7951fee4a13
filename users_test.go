package whop

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserFixturesRoundTrip(t *testing.T) {
	u := assertRoundTrip[User](t, fixture(t, "user.json"))
	assert.Equal(t, "ada", u.Username)
	assert.Equal(t, "https://assets.whop.com/ada.png", *u.ProfilePicture.URL)

	page := assertRoundTrip[Page[User]](t, fixture(t, "users_page.json"))
	require.Len(t, page.Data, 2)
	assert.Nil(t, page.Data[1].ProfilePicture)
	assert.Nil(t, page.Data[0].ProfilePicture.URL)

	a := assertRoundTrip[UserAccess](t, fixture(t, "user_access.json"))
	assert.True(t, a.HasAccess)
	assert.Equal(t, AccessLevelCustomer, a.AccessLevel)
	a = assertRoundTrip[UserAccess](t, `{"has_access": false, "access_level": "some_future_level"}`)
	assert.Equal(t, AccessLevel("some_future_level"), a.AccessLevel, "unknown enum values decode")
}

func TestUsersCheckAccessEscapesBothIDs(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/users/", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Equal(t, "/users/us%2Fer%3F1/access/prod%231%20x", r.URL.EscapedPath())
		assert.Empty(t, r.URL.RawQuery)
		writeJSON(w, 200, fixture(t, "user_access.json"))
	})
	a, err := c.Users.CheckAccess(context.Background(), "us/er?1", "prod#1 x")
	require.NoError(t, err)
	assert.True(t, a.HasAccess)
	assert.Equal(t, AccessLevelCustomer, a.AccessLevel)
	assert.EqualValues(t, 1, ts.Hits.Load())
}

func TestUsersListGetUpdate(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/users", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		q := r.URL.Query()
		assert.Equal(t, "ada lovelace", q.Get("query"))
		assert.Equal(t, "20", q.Get("first"))
		writeJSON(w, 200, fixture(t, "users_page.json"))
	})
	ts.Mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/users/user_1", r.URL.EscapedPath())
		if r.URL.Query().Has("company_id") {
			assert.Equal(t, "company_id=biz_1", r.URL.RawQuery)
		} else {
			assert.Empty(t, r.URL.RawQuery, "nil params send no query")
		}
		writeJSON(w, 200, fixture(t, "user.json"))
	})
	ts.Mux.HandleFunc("PATCH /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		// Bio cleared, Name set, ProfilePicture set, the rest absent.
		testJSONBody(t, r, `{"company_id": "biz_1", "bio": null, "name": "Ada L.", "profile_picture": {"id": "file_1"}}`)
		writeJSON(w, 200, fixture(t, "user.json"))
	})
	ctx := context.Background()
	page, err := c.Users.List(ctx, &UserListParams{Query: "ada lovelace", ListParams: ListParams{First: 20}})
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
	u, err := c.Users.Get(ctx, "user_1", nil)
	require.NoError(t, err)
	assert.Equal(t, "user_xxxxxxxxxxxxx", u.ID)
	_, err = c.Users.Get(ctx, "user_1", &UserGetParams{CompanyID: "biz_1"})
	require.NoError(t, err)
	_, err = c.Users.Update(ctx, "user_1", &UserUpdateParams{
		CompanyID: "biz_1", Bio: Null[string](), Name: Value("Ada L."), ProfilePicture: Value(FileRef{ID: "file_1"}),
	})
	require.NoError(t, err)
}

func TestUsersValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"access empty user", func() error { _, err := c.Users.CheckAccess(ctx, "", "prod_1"); return err }, "id"},
		{"access dot dot user", func() error { _, err := c.Users.CheckAccess(ctx, "..", "prod_1"); return err }, "id"},
		{"access dot user", func() error { _, err := c.Users.CheckAccess(ctx, ".", "prod_1"); return err }, "id"},
		{"access empty resource", func() error { _, err := c.Users.CheckAccess(ctx, "user_1", ""); return err }, "resource_id"},
		{"access blank resource", func() error { _, err := c.Users.CheckAccess(ctx, "user_1", " \t"); return err }, "resource_id"},
		{"access dot dot resource", func() error { _, err := c.Users.CheckAccess(ctx, "user_1", ".."); return err }, "resource_id"},
		{"access dot resource", func() error { _, err := c.Users.CheckAccess(ctx, "user_1", "."); return err }, "resource_id"},
		{"get dot dot", func() error { _, err := c.Users.Get(ctx, "..", nil); return err }, "id"},
		{"update empty id", func() error { _, err := c.Users.Update(ctx, "", nil); return err }, "id"},
		{"update clears username", func() error {
			_, err := c.Users.Update(ctx, "user_1", &UserUpdateParams{Username: Null[string]()})
			return err
		}, "username"},
		{"update blank username", func() error {
			_, err := c.Users.Update(ctx, "user_1", &UserUpdateParams{Username: Value(" ")})
			return err
		}, "username"},
		{"update picture without id", func() error {
			_, err := c.Users.Update(ctx, "user_1", &UserUpdateParams{ProfilePicture: Value(FileRef{})})
			return err
		}, "profile_picture.id"},
		{"list negative first", func() error {
			_, err := c.Users.List(ctx, &UserListParams{ListParams: ListParams{First: -2}})
			return err
		}, "first"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assertParamError(t, tc.call(), tc.field) })
	}
	assert.Zero(t, ts.Hits.Load(), "no request may reach the server")
}

func TestExpandPath(t *testing.T) {
	p, err := expandPath("/users/{id}/access/{resource_id}", pathID{"id", "a b"}, pathID{"resource_id", "c/d"})
	require.NoError(t, err)
	assert.Equal(t, "/users/a%20b/access/c%2Fd", p)

	// An ID that looks like a placeholder is escaped as data, never
	// substituted again.
	p, err = expandPath("/users/{id}/access/{resource_id}", pathID{"id", "{resource_id}"}, pathID{"resource_id", "x"})
	require.NoError(t, err)
	assert.Equal(t, "/users/%7Bresource_id%7D/access/x", p)

	// A placeholder no ID fills is refused by name.
	_, err = expandPath("/users/{id}/access/{resource_id}", pathID{"id", "u"})
	assertParamError(t, err, "resource_id")
}

// FuzzTwoIDPath checks that a path with two IDs either refuses one of them
// by name or puts each, unchanged, in exactly its own segment: neither ID
// can reach into the other's slot, add a query, or climb out of the path.
func FuzzTwoIDPath(f *testing.F) {
	for _, ids := range [][2]string{{"user_1", "prod_1"}, {"a/b", "c"}, {"..", "x"}, {"x", ".."}, {"{resource_id}", "y"},
		{"u", "{id}"}, {"a?b", "c#d"}, {"%2e%2e", "%2F"}, {" ", "p"}, {"u", ""}, {"\x00", "\xff"}} {
		f.Add(ids[0], ids[1])
	}
	const base = "https://api.whop.com/api/v1"
	f.Fuzz(func(t *testing.T, user, resource string) {
		path, err := expandPath("/users/{id}/access/{resource_id}", pathID{"id", user}, pathID{"resource_id", resource})
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || (pe.Field != "id" && pe.Field != "resource_id") {
				t.Fatalf("refusal does not name an ID: %v", err)
			}
			return
		}
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatalf("%q, %q: request does not build: %v", user, resource, err)
		}
		got, err := url.ParseRequestURI(req.URL.RequestURI())
		if err != nil || got.RawQuery != "" || got.Fragment != "" || req.URL.Host != "api.whop.com" {
			t.Fatalf("%q, %q: request URI %q escapes the path", user, resource, req.URL.RequestURI())
		}
		segs := strings.Split(got.EscapedPath(), "/")
		if len(segs) != 7 || segs[3] != "users" || segs[5] != "access" {
			t.Fatalf("%q, %q: escaped path %q has the wrong shape", user, resource, got.EscapedPath())
		}
		for i, want := range map[int]string{4: user, 6: resource} {
			if v, err := url.PathUnescape(segs[i]); err != nil || v != want {
				t.Fatalf("segment %d is %q, want %q", i, v, want)
			}
		}
	})
}
