package whop

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The API types a page's cursors as string | null: null on a page without
// items. Older answers (and some fakes) send "". Both must decode, and an
// empty cursor must encode as null again.
func TestPageInfoCursorsNullOrEmpty(t *testing.T) {
	for _, doc := range []string{
		`{"data":[],"page_info":{"end_cursor":null,"start_cursor":null,"has_next_page":false,"has_previous_page":false}}`,
		`{"data":[],"page_info":{"end_cursor":"","start_cursor":"","has_next_page":false,"has_previous_page":false}}`,
	} {
		var page Page[ProductListItem]
		require.NoError(t, json.Unmarshal([]byte(doc), &page), doc)
		assert.Equal(t, PageInfo{}, page.PageInfo, doc)
		out, err := json.Marshal(page)
		require.NoError(t, err)
		assert.JSONEq(t, `{"data":[],"page_info":{"end_cursor":null,"start_cursor":null,"has_next_page":false,"has_previous_page":false}}`, string(out))
	}

	out, err := json.Marshal(PageInfo{EndCursor: "c2", StartCursor: "c1", HasNextPage: true})
	require.NoError(t, err)
	assert.JSONEq(t, `{"end_cursor":"c2","start_cursor":"c1","has_next_page":true,"has_previous_page":false}`, string(out))
}
