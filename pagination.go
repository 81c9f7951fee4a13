package whop

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
)

// Page is one page of a list endpoint.
type Page[T any] struct {
	// Data holds the items of this page, in the order the API sent them.
	Data []T `json:"data"`
	// PageInfo holds the cursors to fetch the neighbouring pages.
	PageInfo PageInfo `json:"page_info"`
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

// backward reports whether iteration starting from p walks towards the
// start of the list.
func (p *ListParams) backward() bool { return p.Before != "" || p.Last > 0 }

// cursorHolder is implemented by every list params type through its
// embedded ListParams.
type cursorHolder interface{ cursorParams() *ListParams }

// iterate is the one iterator behind every ListAll method. It copies the
// caller's params (so they are never modified), fetches pages lazily, and
// yields each item. Forward iteration follows end_cursor while has_next_page
// holds; backward iteration (Before or Last set) follows start_cursor while
// has_previous_page holds. A cursor seen before, or a page that announces
// more items without a cursor, ends the iteration with an ErrPagination
// error rather than looping or dropping data. The first error is yielded
// once and ends the iteration.
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
		back := lp.backward()
		seen := map[string]struct{}{}
		if lp.After != "" {
			seen[lp.After] = struct{}{}
		}
		if lp.Before != "" {
			seen[lp.Before] = struct{}{}
		}
		var zero T
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
			if cursor == "" {
				yield(zero, fmt.Errorf("%w: page reports more items but has no cursor", ErrPagination))
				return
			}
			if _, dup := seen[cursor]; dup {
				yield(zero, fmt.Errorf("%w: cursor %q repeated; stopping instead of looping", ErrPagination, cursor))
				return
			}
			seen[cursor] = struct{}{}
			if back {
				lp.Before, lp.After = cursor, ""
			} else {
				lp.After, lp.Before = cursor, ""
			}
		}
	}
}
