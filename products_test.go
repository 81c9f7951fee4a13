package whop

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProductsGet(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products/prod_1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		writeJSON(w, 200, `{"id":"prod_1","title":"Pickaxe"}`)
	})
	p, err := c.Products.Get(context.Background(), "prod_1")
	require.NoError(t, err)
	assert.Equal(t, "Pickaxe", p.Title)
}
