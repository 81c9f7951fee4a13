package whoptest

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"time"

	"github.com/gowhop/whop"
)

// DefaultPageSize is the page size when a request gives neither first nor
// last; MaxPageSize is the largest first or last accepted.
const (
	DefaultPageSize = 25
	MaxPageSize     = 100
)

type cursorArgs struct {
	after, before string
	first, last   int
}

func parseCursorArgs(q url.Values) (cursorArgs, error) {
	a := cursorArgs{after: q.Get("after"), before: q.Get("before")}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"first", &a.first}, {"last", &a.last}} {
		v := q.Get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPageSize {
			return a, badParam(f.name, f.name+" must be an integer between 1 and "+strconv.Itoa(MaxPageSize))
		}
		*f.dst = n
	}
	return a, nil
}

func encodeCursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte("c:" + id)) }

func decodeCursor(param, c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) < 3 || string(b[:2]) != "c:" {
		return "", badParam(param, "invalid cursor")
	}
	return string(b[2:]), nil
}

// paginate cuts one page out of items (already filtered and sorted) the
// way the API does: after/before bound the window, first/last take from
// its start/end, and page_info tells whether items remain on either side.
func paginate[T record](items []T, q url.Values) (*whop.Page[T], error) {
	a, err := parseCursorArgs(q)
	if err != nil {
		return nil, err
	}
	indexOf := func(param, cur string) (int, error) {
		id, err := decodeCursor(param, cur)
		if err != nil {
			return 0, err
		}
		for i, it := range items {
			if it.key() == id {
				return i, nil
			}
		}
		return 0, badParam(param, "cursor does not point into this list")
	}
	lo, hi := 0, len(items)
	if a.after != "" {
		i, err := indexOf("after", a.after)
		if err != nil {
			return nil, err
		}
		lo = i + 1
	}
	if a.before != "" {
		i, err := indexOf("before", a.before)
		if err != nil {
			return nil, err
		}
		hi = i
	}
	if hi < lo {
		hi = lo
	}
	switch {
	case a.first > 0:
		hi = min(hi, lo+a.first)
		if a.last > 0 {
			lo = max(lo, hi-a.last)
		}
	case a.last > 0:
		lo = max(lo, hi-a.last)
	case a.before != "":
		lo = max(lo, hi-DefaultPageSize)
	default:
		hi = min(hi, lo+DefaultPageSize)
	}
	page := &whop.Page[T]{Data: append([]T{}, items[lo:hi]...)}
	if hi > lo {
		page.PageInfo.StartCursor = encodeCursor(items[lo].key())
		page.PageInfo.EndCursor = encodeCursor(items[hi-1].key())
	}
	page.PageInfo.HasNextPage = hi < len(items)
	page.PageInfo.HasPreviousPage = lo > 0
	return page, nil
}

// record is what the fake stores per object: enough to sort and page it.
type record interface {
	key() string        // the object's ID, behind its cursor
	created() time.Time // creation time, the list order
	order() int64       // creation sequence, breaking ties in time
}

// listPage sorts the matching records by creation (direction "asc" or
// "desc", the default), cuts the page the query asks for, and converts
// each record to its wire shape.
func listPage[R record, T any](items []R, q url.Values, item func(R) (T, error)) (*whop.Page[T], error) {
	if err := sortByCreated(items, q.Get("direction")); err != nil {
		return nil, err
	}
	page, err := paginate(items, q)
	if err != nil {
		return nil, err
	}
	out := &whop.Page[T]{PageInfo: page.PageInfo, Data: make([]T, 0, len(page.Data))}
	for _, r := range page.Data {
		v, err := item(r)
		if err != nil {
			return nil, err
		}
		out.Data = append(out.Data, v)
	}
	return out, nil
}
