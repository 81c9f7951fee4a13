package querystr

import (
	"net/url"
	"testing"
	"time"
)

type Inner struct {
	After string     `url:"after,omitempty"`
	At    *time.Time `url:"at,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

type params struct {
	Inner
	IDs   []string   `url:"ids,brackets,omitempty"`
	From  *time.Time `url:"from,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	Until time.Time  `url:"until,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	Q     string     `url:"query,omitempty"`
}

func TestEncode(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	from := time.Date(2023, 12, 1, 0, 0, 0, 401e6, est)
	at := time.Date(2024, 1, 1, 12, 0, 0, 0, est)
	p := &params{Inner: Inner{After: "c1", At: &at}, IDs: []string{"a", "b&c"}, From: &from,
		Until: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), Q: "x y"}
	got, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(got)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"after": {"c1"},
		"at":    {"2024-01-01T17:00:00.000Z"},
		"ids[]": {"a", "b&c"},
		"from":  {"2023-12-01T05:00:00.401Z"},
		"until": {"2024-02-01T00:00:00.000Z"},
		"query": {"x y"},
	}
	for k, v := range want {
		if len(q[k]) != len(v) {
			t.Errorf("%s = %v, want %v", k, q[k], v)
			continue
		}
		for i := range v {
			if q[k][i] != v[i] {
				t.Errorf("%s = %v, want %v", k, q[k], v)
			}
		}
	}
	if len(q) != len(want) {
		t.Errorf("extra keys in %v", q)
	}
	if p.From.Location() != est || p.At.Location() != est {
		t.Error("the caller's times were modified")
	}
}

func TestEncodeNil(t *testing.T) {
	for _, v := range []any{nil, (*params)(nil), &params{}} {
		got, err := Encode(v)
		if err != nil || got != "" {
			t.Errorf("Encode(%#v) = %q, %v", v, got, err)
		}
	}
}
