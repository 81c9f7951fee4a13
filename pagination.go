package whop

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"iter"
)

// Page is one page of a list endpoint.
type Page[T any] struct {
	// Data holds the items of this page, in the order the API sent them.
	Data []T `json:"data"`
	// PageInfo holds the cursors to fetch the neighbouring pages.
	PageInfo PageInfo `json:"page_info"`
}

// missingItemIdentity reports the first item that lacks its id (see
// identified). Items of a type without an id, such as fees, are not
// checked.
func (p *Page[T]) missingItemIdentity() error {
	for i := range p.Data {
		v, ok := any(&p.Data[i]).(identified)
		if !ok {
			return nil
		}
		if field, value := v.identity(); value == "" {
			return fmt.Errorf("data[%d] has no %s", i, field)
		}
	}
	return nil
}

// PageInfo describes where a page sits in the full list.
type PageInfo struct {
	// EndCursor is passed as After to fetch the next page.
	EndCursor string `json:"end_cursor"`
	// StartCursor is passed as Before to fetch the previous page.
	StartCursor string `json:"start_cursor"`
	// HasNextPage reports whether items follow this page.
	HasNextPage bool `json:"has_next_page"`
	// HasPreviousPage reports whether items precede this page.
	HasPreviousPage bool `json:"has_previous_page"`
}

// MarshalJSON writes an empty cursor as null, as the API does for a page
// without items. Decoding accepts null and "" alike, both as "".
func (p PageInfo) MarshalJSON() ([]byte, error) {
	orNull := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return json.Marshal(struct {
		EndCursor       *string `json:"end_cursor"`
		StartCursor     *string `json:"start_cursor"`
		HasNextPage     bool    `json:"has_next_page"`
		HasPreviousPage bool    `json:"has_previous_page"`
	}{orNull(p.EndCursor), orNull(p.StartCursor), p.HasNextPage, p.HasPreviousPage})
}

// ListParams holds the cursor parameters every list endpoint accepts. It is
// embedded in each <Resource>ListParams type. Leave it zero to start at the
// beginning; set Before or Last to walk backwards from the end (or from a
// cursor).
type ListParams struct {
	// After returns the items after this cursor (a PageInfo.EndCursor).
	After string `url:"after,omitempty" json:"-"`
	// Before returns the items before this cursor (a PageInfo.StartCursor).
	Before string `url:"before,omitempty" json:"-"`
	// First asks for at most this many items from the start of the window.
	First int `url:"first,omitempty" json:"-"`
	// Last asks for at most this many items from the end of the window.
	Last int `url:"last,omitempty" json:"-"`
}

func (p *ListParams) cursorParams() *ListParams { return p }

// validate refuses values the API would reject or misread.
func (p *ListParams) validate() error {
	if p.First < 0 {
		return paramErr("first", "must not be negative")
	}
	if p.Last < 0 {
		return paramErr("last", "must not be negative")
	}
	if p.After != "" && p.Before != "" {
		return paramErr("after", "cannot be combined with before")
	}
	return nil
}

// walkable refuses the cursor parameters a ListAll walk cannot honour. A
// walk follows one direction, so it takes First (with After) going
// forward or Last (with Before) going backward. Mixed, the API's window
// is not the run of items next to the cursor: Before with First, or First
// with Last, returns items far from the cursor and reports no more before
// them, so the walk would end having silently skipped the rest; After
// with Last would walk back past After, outside the window asked for.
func (p *ListParams) walkable() error {
	switch {
	case p.First > 0 && p.Last > 0:
		return paramErr("last", "cannot be combined with first in ListAll: set first to walk forward, last to walk backward")
	case p.Before != "" && p.First > 0:
		return paramErr("first", "cannot be combined with before in ListAll: a backward walk takes last")
	case p.After != "" && p.Last > 0:
		return paramErr("last", "cannot be combined with after in ListAll: a forward walk takes first")
	}
	return nil
}

// backward reports whether iteration starting from p walks towards the
// start of the list.
func (p *ListParams) backward() bool { return p.Before != "" || p.Last > 0 }

// cursorHolder is implemented by every list params type through its
// embedded ListParams.
type cursorHolder interface{ cursorParams() *ListParams }

// maxEmptyPages is how many empty pages in a row that claim more items
// the iterator accepts before it gives up: a few can happen when items
// are filtered out or deleted during the walk; an endless run would keep
// the loop fetching without ever handing control to the caller's body.
const maxEmptyPages = 3

// cursorMemory is how many of the most recent cursors a walk remembers
// exactly, so that its memory stays bounded however long it runs.
const cursorMemory = 1024

// cursorGuard detects a cursor that repeats during one walk, in bounded
// memory. It keeps a 64-bit hash of each of the last cursorMemory cursors,
// which catches any cycle up to that length on its first repeat. A longer
// cycle is caught by a checkpoint that moves at doubling intervals (Brent's
// cycle detection): once the interval exceeds the cycle's length and the
// checkpoint lands inside the cycle, it is met again within one lap, so a
// walk that enters a cycle of length L after P pages ends by about page
// 2·max(P, L) + L instead of page P + L. A walk that
// keeps bringing new cursors is not a loop; the caller, who receives every
// item, can break out of it.
//
// Hashes are keyed with a random seed per walk, so two distinct cursors
// collide only by chance, about once in 2^54 pages.
type cursorGuard struct {
	seed maphash.Seed
	// recent grows up to cursorMemory hashes, then is a ring: next is
	// where the following hash goes.
	recent []uint64
	next   int
	// Brent's checkpoint: the hash of one earlier cursor, replaced by the
	// current one each time steps reaches span, which then doubles.
	mark        uint64
	marked      bool
	steps, span int
}

func newCursorGuard() *cursorGuard {
	return &cursorGuard{seed: maphash.MakeSeed(), span: 1}
}

// repeated reports whether cursor was seen before in this walk, and
// records it otherwise.
func (g *cursorGuard) repeated(cursor string) bool {
	h := maphash.String(g.seed, cursor)
	if g.marked && h == g.mark {
		return true
	}
	for _, r := range g.recent {
		if r == h {
			return true
		}
	}
	if len(g.recent) < cursorMemory {
		if len(g.recent) == cap(g.recent) {
			// Grown by hand: append could overshoot the bound.
			grown := make([]uint64, len(g.recent), min(max(2*cap(g.recent), 16), cursorMemory))
			copy(grown, g.recent)
			g.recent = grown
		}
		g.recent = append(g.recent, h)
	} else {
		g.recent[g.next] = h
		g.next = (g.next + 1) % cursorMemory
	}
	if g.steps++; !g.marked || g.steps >= g.span {
		g.mark, g.marked = h, true
		g.steps = 0
		g.span *= 2
	}
	return false
}

// remembered is how many cursor hashes the guard holds, the checkpoint
// included.
func (g *cursorGuard) remembered() int { return len(g.recent) + 1 }

// iterate is the one iterator behind every ListAll method. It copies the
// caller's params (so they are never modified), fetches pages lazily, and
// yields each item. Forward iteration follows end_cursor while has_next_page
// holds; backward iteration (Before or Last set) follows start_cursor while
// has_previous_page holds. Parameters that mix the two directions are
// refused (see walkable). It ends with an ErrPagination error rather than
// loop, drop data or fetch without end: when a cursor repeats (see
// cursorGuard), when a page announces more items without a cursor, and when
// maxEmptyPages pages in a row hold no items yet announce more. The first
// error is yielded once and ends the iteration.
func iterate[T any, P any, PP interface {
	*P
	cursorHolder
}](ctx context.Context, params PP, fetch func(context.Context, PP) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var cp P
		if params != nil {
			cp = *params
		}
		pp := PP(&cp)
		lp := pp.cursorParams()
		var zero T
		if err := lp.walkable(); err != nil {
			yield(zero, err)
			return
		}
		back := lp.backward()
		guard := newCursorGuard()
		if lp.After != "" {
			guard.repeated(lp.After)
		}
		if lp.Before != "" {
			guard.repeated(lp.Before)
		}
		empty := 0 // empty pages in a row that announced more
		for {
			page, err := fetch(ctx, pp)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page.Data {
				if !yield(item, nil) {
					return
				}
			}
			more, cursor := page.PageInfo.HasNextPage, page.PageInfo.EndCursor
			if back {
				more, cursor = page.PageInfo.HasPreviousPage, page.PageInfo.StartCursor
			}
			if !more {
				return
			}
			if len(page.Data) > 0 {
				empty = 0
			} else if empty++; empty >= maxEmptyPages {
				yield(zero, fmt.Errorf("%w: %d pages in a row held no items but announced more; stopping", ErrPagination, empty))
				return
			}
			if cursor == "" {
				yield(zero, fmt.Errorf("%w: page reports more items but has no cursor", ErrPagination))
				return
			}
			if guard.repeated(cursor) {
				yield(zero, fmt.Errorf("%w: cursor %q repeated; stopping instead of looping", ErrPagination, cursor))
				return
			}
			if back {
				lp.Before, lp.After = cursor, ""
			} else {
				lp.After, lp.Before = cursor, ""
			}
		}
	}
}
