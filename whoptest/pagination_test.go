package whoptest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walks are the directions a ListAll can go: forward from the start and
// backward from the end, in both sort directions.
var walks = []struct {
	name      string
	page      whop.ListParams
	direction whop.Direction
}{
	{"forward", whop.ListParams{First: 4}, ""},
	{"forward asc", whop.ListParams{First: 4}, whop.DirectionAsc},
	{"backward", whop.ListParams{Last: 4}, ""},
	{"backward asc", whop.ListParams{Last: 4}, whop.DirectionAsc},
}

func TestListAllSurvivesDeletingEachProduct(t *testing.T) {
	for _, w := range walks {
		t.Run(w.name, func(t *testing.T) {
			srv := whoptest.NewServer(t)
			c := srv.Client()
			ctx := context.Background()
			want := map[string]bool{}
			for i := 0; i < 25; i++ {
				p, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: fmt.Sprintf("P %02d", i)})
				require.NoError(t, err)
				want[p.ID] = true
			}
			seen := map[string]int{}
			for p, err := range c.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), ListParams: w.page, Direction: w.direction}) {
				require.NoError(t, err, "after %d products", len(seen))
				seen[p.ID]++
				require.NoError(t, c.Products.Delete(ctx, p.ID))
			}
			assert.Len(t, seen, 25)
			for id, n := range seen {
				assert.True(t, want[id], "unknown product %s", id)
				assert.Equal(t, 1, n, "product %s visited %d times", id, n)
			}
			page, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID()})
			require.NoError(t, err)
			assert.Empty(t, page.Data)
		})
	}
}

func TestListAllSurvivesRefundingEachFilteredPayment(t *testing.T) {
	for _, w := range walks {
		for _, order := range []whop.PaymentOrder{"", whop.PaymentOrderPaidAt, whop.PaymentOrderFinalAmount} {
			t.Run(w.name+" "+string(order), func(t *testing.T) {
				wd := newWorld(t)
				ctx := context.Background()
				want := map[string]bool{}
				for i := 0; i < 13; i++ {
					want[wd.pay(t).ID] = true
				}
				// A refunded payment is in the store but outside the filter.
				_, err := wd.c.Payments.Refund(ctx, wd.pay(t).ID, nil)
				require.NoError(t, err)

				seen := map[string]int{}
				params := &whop.PaymentListParams{ListParams: w.page, Direction: w.direction, Order: order,
					Substatuses: []whop.PaymentSubstatus{whop.PaymentSubstatusSucceeded}}
				for p, err := range wd.c.Payments.ListAll(ctx, params) {
					require.NoError(t, err, "after %d payments", len(seen))
					seen[p.ID]++
					_, err := wd.c.Payments.Refund(ctx, p.ID, nil)
					require.NoError(t, err)
				}
				assert.Len(t, seen, len(want))
				for id, n := range seen {
					assert.True(t, want[id], "payment %s was not succeeded", id)
					assert.Equal(t, 1, n, "payment %s visited %d times", id, n)
				}
			})
		}
	}
}

// TestPaymentOrders checks that order sorts by the named field and that a
// cursor keeps its place when that field ties.
func TestPaymentOrders(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	prod, err := wd.c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: wd.srv.CompanyID(), Title: "Cheap"})
	require.NoError(t, err)
	cheap, err := wd.srv.SeedPlan(prod.ID, 5, whop.CurrencyUSD)
	require.NoError(t, err)
	var ids []string
	for i := 0; i < 6; i++ {
		plan := wd.planID
		if i%2 == 0 {
			plan = cheap
		}
		p, err := wd.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: wd.srv.CompanyID(), PlanID: plan,
			MemberID: wd.member.ID, PaymentMethodID: &wd.card.ID})
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	var got []string
	for p, err := range wd.c.Payments.ListAll(ctx, &whop.PaymentListParams{ListParams: whop.ListParams{First: 2},
		Order: whop.PaymentOrderFinalAmount, Direction: whop.DirectionAsc}) {
		require.NoError(t, err)
		got = append(got, p.ID)
	}
	assert.Equal(t, []string{ids[0], ids[2], ids[4], ids[1], ids[3], ids[5]}, got, "cheap ones first, ties in creation order")

	_, err = wd.c.Payments.List(ctx, &whop.PaymentListParams{Order: "colour"})
	assertAPIError(t, err, http.StatusBadRequest, "order")

	page, err := wd.c.Payments.List(ctx, &whop.PaymentListParams{ListParams: whop.ListParams{First: 2}})
	require.NoError(t, err)
	_, err = wd.c.Payments.List(ctx, &whop.PaymentListParams{ListParams: whop.ListParams{After: page.PageInfo.EndCursor},
		Order: whop.PaymentOrderFinalAmount})
	assertAPIError(t, err, http.StatusBadRequest, "after")
}

func TestMalformedCursorIsRefused(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	for _, cur := range []string{"!!", "Zm9v", "azF8Y3JlYXRlZF9hdHwxfDJ8eA"} {
		_, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), ListParams: whop.ListParams{After: cur}})
		assertAPIError(t, err, http.StatusBadRequest, "after")
		_, err = c.Products.List(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), ListParams: whop.ListParams{Before: cur}})
		assertAPIError(t, err, http.StatusBadRequest, "before")
	}
}

// TestListRefusesAfterWithBefore sends what the client itself refuses, so
// it goes around the client.
func TestListRefusesAfterWithBefore(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		_, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "P"})
		require.NoError(t, err)
	}
	page, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), ListParams: whop.ListParams{First: 1}})
	require.NoError(t, err)
	cur := page.PageInfo.EndCursor
	status, e := rawRequest(t, srv, http.MethodGet, "/products?company_id="+srv.CompanyID()+"&after="+cur+"&before="+cur, "", nil)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "before", e.Param)
}

// apiErrorBody is the API's error object.
type apiErrorBody struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Code    string `json:"code"`
	Param   string `json:"param"`
}

// rawRequest sends a request the client would not, and returns the status
// and the decoded error object (zero on success).
func rawRequest(t *testing.T, srv *whoptest.Server, method, path, body string, header http.Header) (int, apiErrorBody) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Authorization", "Bearer "+srv.APIKey())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out struct {
		Error apiErrorBody `json:"error"`
	}
	if resp.StatusCode >= 400 {
		require.NoError(t, json.Unmarshal(b, &out), "error body %s", b)
		assert.NotEmpty(t, out.Error.Type)
		assert.NotEmpty(t, out.Error.Message)
	}
	return resp.StatusCode, out.Error
}

func assertAPIError(t *testing.T, err error, status int, param string) {
	t.Helper()
	var ae *whop.APIError
	if assert.ErrorAs(t, err, &ae) {
		assert.Equal(t, status, ae.StatusCode)
		assert.Equal(t, param, ae.Param)
		assert.Equal(t, "invalid_request_error", ae.Type)
	}
}
