package whoptest

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gowhop/whop"
)

// DefaultPageSize is the page size when a request gives neither first nor
// last; MaxPageSize is the largest first or last accepted.
const (
	DefaultPageSize = 25
	MaxPageSize     = 100
)

// Lists are paged by keyset, as a database-backed API pages them. Each
// record has a sort key: a primary value chosen by the list's order (the
// creation time unless the query names another order), then the creation
// time, then the record's creation sequence, which is unique and so makes
// every key distinct. A cursor is the opaque encoding of one item's key,
// and the page after it holds the items whose keys come strictly after
// that key in the requested direction (before: strictly before). The
// cursor's own item need not exist any more: deleting it, or changing it
// so that a filter now leaves it out, moves no other item, so a walk
// visits every remaining item exactly once.
//
// To page a new resource:
//
//  1. let its record type implement record (created and order);
//  2. in the list handler, collect the records that pass the filters and
//     return listPage(items, q, toWire), which sorts by creation and
//     honours direction, after, before, first and last;
//  3. if the API also sorts the list by other fields (an order
//     parameter), use listPageBy with a map from each order value to the
//     record's primary sort value for it.

// record is what the fake stores per object: enough to sort and page it.
type record interface {
	created() time.Time // creation time, the default list order
	order() int64       // creation sequence, unique per server; breaks ties
}

// orderCreatedAt is the order every list supports, and the default.
const orderCreatedAt = "created_at"

// sortKey is where a record stands in a list: compared field by field,
// smallest first in ascending order.
type sortKey [3]int64

func (k sortKey) less(o sortKey) bool {
	for i := range k {
		if k[i] != o[i] {
			return k[i] < o[i]
		}
	}
	return false
}

// cursor is a decoded page cursor: the order it was issued under and the
// key of the item it points at.
type cursor struct {
	order string
	key   sortKey
}

const cursorPrefix = "k1"

func encodeCursor(order string, k sortKey) string {
	s := cursorPrefix + "|" + order
	for _, v := range k {
		s += "|" + strconv.FormatInt(v, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func decodeCursor(param, c string) (cursor, error) {
	bad := badParam(param, "invalid cursor")
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return cursor{}, bad
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 2+len(sortKey{}) || parts[0] != cursorPrefix || parts[1] == "" {
		return cursor{}, bad
	}
	cur := cursor{order: parts[1]}
	for i := range cur.key {
		if cur.key[i], err = strconv.ParseInt(parts[2+i], 10, 64); err != nil {
			return cursor{}, bad
		}
	}
	return cur, nil
}

// pageArgs are the paging parameters of a list request.
type pageArgs struct {
	after, before *cursor
	first, last   int
	asc           bool
	order         string
}

func parsePageArgs(q url.Values, orders []string) (pageArgs, error) {
	a := pageArgs{order: q.Get("order")}
	if a.order == "" {
		a.order = orderCreatedAt
	}
	known := a.order == orderCreatedAt
	for _, o := range orders {
		known = known || o == a.order
	}
	if !known {
		return a, badParam("order", "order must be one of "+strings.Join(append([]string{orderCreatedAt}, orders...), ", "))
	}
	switch q.Get("direction") {
	case "", "desc":
	case "asc":
		a.asc = true
	default:
		return a, badParam("direction", "direction must be asc or desc")
	}
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
	if q.Get("after") != "" && q.Get("before") != "" {
		return a, badParam("before", "give after or before, not both")
	}
	for _, c := range []struct {
		name string
		dst  **cursor
	}{{"after", &a.after}, {"before", &a.before}} {
		if q.Get(c.name) == "" {
			continue
		}
		cur, err := decodeCursor(c.name, q.Get(c.name))
		if err != nil {
			return a, err
		}
		if cur.order != a.order {
			return a, badParam(c.name, "cursor belongs to a list in another order ("+cur.order+")")
		}
		*c.dst = &cur
	}
	return a, nil
}

// listPage pages a list sorted by creation: newest first, or oldest first
// with direction=asc. item converts each record of the page to its wire
// shape.
func listPage[R record, T any](items []R, q url.Values, item func(R) (T, error)) (*whop.Page[T], error) {
	return listPageBy(items, q, nil, item)
}

// listPageBy is listPage for a list the API can also sort by other fields.
// orders maps each value of the order parameter besides created_at to the
// record's primary sort value under it; records with equal values keep
// their creation order. An order not in the map is refused.
func listPageBy[R record, T any](items []R, q url.Values, orders map[string]func(R) int64, item func(R) (T, error)) (*whop.Page[T], error) {
	names := make([]string, 0, len(orders))
	for name := range orders {
		names = append(names, name)
	}
	sort.Strings(names)
	a, err := parsePageArgs(q, names)
	if err != nil {
		return nil, err
	}
	primary := func(r R) int64 { return r.created().UnixNano() }
	if f, ok := orders[a.order]; ok && a.order != orderCreatedAt {
		primary = f
	}
	type entry struct {
		rec R
		key sortKey
	}
	es := make([]entry, len(items))
	for i, r := range items {
		es[i] = entry{rec: r, key: sortKey{primary(r), r.created().UnixNano(), r.order()}}
	}
	// precedes reports whether key x comes before key y in the list's
	// direction.
	precedes := func(x, y sortKey) bool {
		if a.asc {
			return x.less(y)
		}
		return y.less(x)
	}
	sort.Slice(es, func(i, j int) bool { return precedes(es[i].key, es[j].key) })

	lo, hi := 0, len(es)
	if a.after != nil {
		lo = sort.Search(len(es), func(i int) bool { return precedes(a.after.key, es[i].key) })
	}
	if a.before != nil {
		hi = sort.Search(len(es), func(i int) bool { return !precedes(es[i].key, a.before.key) })
	}
	switch {
	case a.first > 0:
		hi = min(hi, lo+a.first)
		if a.last > 0 {
			lo = max(lo, hi-a.last)
		}
	case a.last > 0:
		lo = max(lo, hi-a.last)
	case a.before != nil:
		lo = max(lo, hi-DefaultPageSize)
	default:
		hi = min(hi, lo+DefaultPageSize)
	}
	page := &whop.Page[T]{Data: make([]T, 0, hi-lo)}
	for _, e := range es[lo:hi] {
		v, err := item(e.rec)
		if err != nil {
			return nil, err
		}
		page.Data = append(page.Data, v)
	}
	if hi > lo {
		page.PageInfo.StartCursor = encodeCursor(a.order, es[lo].key)
		page.PageInfo.EndCursor = encodeCursor(a.order, es[hi-1].key)
	}
	page.PageInfo.HasNextPage = hi < len(es)
	page.PageInfo.HasPreviousPage = lo > 0
	return page, nil
}
