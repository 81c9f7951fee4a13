package whoptest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawGet fetches pathAndQuery (relative to the base URL) from srv as any HTTP
// client would, returning the status and the undecoded body.
func rawGet(t *testing.T, srv *whoptest.Server, pathAndQuery string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL()+pathAndQuery, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// pageIDs decodes a list answer and returns the IDs of its rows.
func pageIDs(t *testing.T, body []byte) []string {
	t.Helper()
	var page struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(body, &page), "%s", body)
	ids := make([]string, 0, len(page.Data))
	for _, d := range page.Data {
		ids = append(ids, d.ID)
	}
	return ids
}

// Whop's TypeScript SDK sends a null array filter as a bare "key=". The
// fake must read that as no filter, not as a filter matching "".
func TestEmptyArrayFilterMeansNoFilter(t *testing.T) {
	w := newWorld(t)
	p := w.pay(t)
	co := w.srv.CompanyID()

	for _, q := range []string{
		"/products?company_id=" + co + "&product_types=&visibilities=",
		"/products?company_id=" + co + "&product_types[]=&visibilities[]=",
	} {
		status, body := rawGet(t, w.srv, q)
		require.Equal(t, http.StatusOK, status, "%s", body)
		assert.Len(t, pageIDs(t, body), 1, q)
	}
	for _, q := range []string{
		"/payments?company_id=" + co + "&statuses=&currencies=",
		"/payments?company_id=" + co + "&substatuses=&product_ids=&plan_ids=&billing_reasons=",
		"/payments?company_id=" + co + "&statuses[]=&currencies[]=",
	} {
		status, body := rawGet(t, w.srv, q)
		require.Equal(t, http.StatusOK, status, "%s", body)
		assert.Equal(t, []string{p.ID}, pageIDs(t, body), q)
	}
	// A real value next to an empty one still filters.
	status, body := rawGet(t, w.srv, "/payments?company_id="+co+"&currencies=&currencies=eur")
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Empty(t, pageIDs(t, body))
}
