package whoptest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRefundBelowOneCentIsRefused(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	p := wd.pay(t)
	for _, amount := range []string{"0.001", "0.009", "0", "-1", "-0.01"} {
		status, e := rawRequest(t, wd.srv, http.MethodPost, "/payments/"+p.ID+"/refund", `{"partial_amount":`+amount+`}`, nil)
		assert.Equal(t, http.StatusBadRequest, status, amount)
		assert.Equal(t, "partial_amount", e.Param, amount)
	}
	got, err := wd.c.Payments.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Refunds, "a refused refund records nothing")
	assert.Equal(t, 0.0, *got.RefundedAmount)
	assert.Equal(t, whop.PaymentSubstatusSucceeded, got.Substatus)

	status, _ := rawRequest(t, wd.srv, http.MethodPost, "/payments/"+p.ID+"/refund", `{"partial_amount":0.01}`, nil)
	assert.Equal(t, http.StatusOK, status, "one cent is the smallest refund")
}

func TestBlankIdempotencyKeyIsRefused(t *testing.T) {
	wd := newWorld(t)
	srv := wd.srv
	for _, key := range []string{"", "   ", "\t", strings.Repeat("k", 256)} {
		h := http.Header{"Idempotency-Key": {key}}
		status, e := rawRequest(t, srv, http.MethodPost, "/products", `{"company_id":"`+srv.CompanyID()+`","title":"P"}`, h)
		assert.Equal(t, http.StatusBadRequest, status, "header %q", key)
		assert.Equal(t, "Idempotency-Key", e.Param)
	}
	page, err := wd.c.Products.List(context.Background(), &whop.ProductListParams{CompanyID: srv.CompanyID()})
	require.NoError(t, err)
	assert.Len(t, page.Data, 1, "only newWorld's product exists")

	tx := func(key string) string {
		return fmt.Sprintf(`{"transaction_type":"add","amount":5,"company_id":%q,"user_id":%q,"idempotency_key":%q}`,
			srv.CompanyID(), wd.member.UserID, key)
	}
	for _, key := range []string{"   ", "\n"} {
		status, e := rawRequest(t, srv, http.MethodPost, "/company_token_transactions", tx(key), nil)
		assert.Equal(t, http.StatusBadRequest, status, "body key %q", key)
		assert.Equal(t, "idempotency_key", e.Param)
	}
	status, e := rawRequest(t, srv, http.MethodPost, "/company_token_transactions", tx("a"), http.Header{"Idempotency-Key": {"b"}})
	assert.Equal(t, http.StatusBadRequest, status, "header and body keys differ")
	assert.Equal(t, "idempotency_key", e.Param)
	assert.Equal(t, 0.0, srv.TokenBalance(srv.CompanyID(), wd.member.UserID))

	status, _ = rawRequest(t, srv, http.MethodPost, "/company_token_transactions", tx("a"), http.Header{"Idempotency-Key": {"a"}})
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, 5.0, srv.TokenBalance(srv.CompanyID(), wd.member.UserID))
}

// TestServerRefusesWhatTheClientRefuses sends, around the client, bodies
// its validate methods refuse; the fake must refuse each with a 4xx that
// names the field.
func TestServerRefusesWhatTheClientRefuses(t *testing.T) {
	wd := newWorld(t)
	srv := wd.srv
	co := srv.CompanyID()
	prod, err := wd.c.Products.Create(context.Background(), &whop.ProductCreateParams{CompanyID: co, Title: "Other"})
	require.NoError(t, err)
	for _, tc := range []struct {
		name, method, path, body, param string
	}{
		{"blank product title", "POST", "/products", `{"company_id":"` + co + `","title":"  "}`, "title"},
		{"blank company_id", "POST", "/products", `{"company_id":" ","title":"T"}`, "company_id"},
		{"custom field without type", "POST", "/products", `{"company_id":"` + co + `","title":"T","plan_options":{"custom_fields":[{"name":"Size"}]}}`, "plan_options.custom_fields[0].field_type"},
		{"custom field blank name", "POST", "/products", `{"company_id":"` + co + `","title":"T","plan_options":{"custom_fields":[{"field_type":"text","name":" "}]}}`, "plan_options.custom_fields[0].name"},
		{"update to blank title", "PATCH", "/products/" + prod.ID, `{"title":"  "}`, "title"},
		{"blank gallery image", "PATCH", "/products/" + prod.ID, `{"gallery_images":[{"id":" "}]}`, "gallery_images[0].id"},
		{"plan with product_id and product", "POST", "/payments", `{"company_id":"` + co + `","member_id":"` + wd.member.ID +
			`","plan":{"currency":"usd","initial_price":1,"product_id":"` + prod.ID + `","product":{"external_identifier":"x","title":"X"}}}`, "plan.product"},
		{"plan with blank currency", "POST", "/payments", `{"company_id":"` + co + `","member_id":"` + wd.member.ID +
			`","plan":{"currency":" ","initial_price":1,"product_id":"` + prod.ID + `"}}`, "plan.currency"},
		{"inline product blank title", "POST", "/payments", `{"company_id":"` + co + `","member_id":"` + wd.member.ID +
			`","plan":{"currency":"usd","initial_price":1,"product":{"external_identifier":"x","title":" "}}}`, "plan.product.title"},
		{"access token blank user", "POST", "/access_tokens", `{"user_id":"  "}`, "user_id"},
		{"access token blank scope", "POST", "/access_tokens", `{"company_id":"` + co + `","scoped_actions":[" "]}`, "scoped_actions[0]"},
		{"checkout company_id in payment mode", "POST", "/checkout_configurations", `{"company_id":"` + co + `","plan_id":"` + wd.planID + `"}`, "company_id"},
		{"checkout affiliate in setup mode", "POST", "/checkout_configurations", `{"mode":"setup","company_id":"` + co + `","affiliate_code":"a"}`, "affiliate_code"},
		{"checkout plan blank image", "POST", "/checkout_configurations", `{"plan":{"company_id":"` + co + `","currency":"usd","product_id":"` + prod.ID + `","image":{"id":""}}}`, "plan.image.id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, e := rawRequest(t, srv, tc.method, tc.path, tc.body, nil)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Equal(t, tc.param, e.Param)
		})
	}
}

func TestRequestLogIsBounded(t *testing.T) {
	get := func(h http.Handler, i int) {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, whoptest.BasePath+"/products?n="+fmt.Sprint(i), nil))
	}
	srv := whoptest.New(whoptest.WithRequestLogSize(3))
	for i := 0; i < 5; i++ {
		get(srv.Handler(), i)
	}
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	for i, r := range reqs {
		assert.Equal(t, fmt.Sprintf("n=%d", i+2), r.Query, "the newest requests are kept, oldest first")
	}
	assert.Equal(t, 5, srv.RequestCount(), "the count includes dropped requests")

	srv = whoptest.New()
	for i := 0; i < whoptest.DefaultRequestLogSize+10; i++ {
		get(srv.Handler(), i)
	}
	reqs = srv.Requests()
	require.Len(t, reqs, whoptest.DefaultRequestLogSize)
	assert.Equal(t, "n=10", reqs[0].Query)
	assert.Equal(t, fmt.Sprintf("n=%d", whoptest.DefaultRequestLogSize+9), reqs[len(reqs)-1].Query)

	srv = whoptest.New(whoptest.WithRequestLogSize(0))
	get(srv.Handler(), 0)
	assert.Empty(t, srv.Requests())
	assert.Equal(t, 1, srv.RequestCount())
}
