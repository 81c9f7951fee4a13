package whop

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSuccessIsFinal sends every method to a server that answers 2xx with
// x-should-retry: true. A 2xx means the request was carried out (a POST
// /payments has charged the card), so the client must send it exactly
// once and return the result, whatever the header says.
func TestSuccessIsFinal(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusCreated} {
		for _, m := range everyMethod() {
			t.Run(strconv.Itoa(status)+"/"+m.name, func(t *testing.T) {
				c, ts := newTestClient(t, WithMaxRetries(3))
				ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("X-Should-Retry", "true")
					writeJSON(w, status, m.ok)
				})
				_, err := m.call(context.Background(), c)
				require.NoError(t, err)
				assert.Equal(t, int64(1), ts.Hits.Load(), "a %d answer was followed by another attempt", status)
			})
		}
	}
}
