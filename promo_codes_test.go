package whop

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPromoCodeFixturesRoundTrip(t *testing.T) {
	p := assertRoundTrip[PromoCode](t, fixture(t, "promo_code.json"))
	assert.Equal(t, "LAUNCH20", *p.Code)
	assert.Equal(t, PromoTypePercentage, p.PromoType)
	assert.Equal(t, PromoDurationRepeating, *p.Duration)
	assert.Equal(t, CompanyRef{ID: "biz_xxxxxxxxxxxxxx", Title: "Pickaxe Inc"}, p.Company)
	assert.Equal(t, &ProductRef{ID: "prod_xxxxxxxxxxxxx", Title: "Pickaxe Pro"}, p.Product)

	page := assertRoundTrip[Page[PromoCodeListItem]](t, fixture(t, "promo_codes_page.json"))
	require.Len(t, page.Data, 2)
	assert.Nil(t, page.Data[0].Code)
	assert.Equal(t, PromoCodeStatus("some_future_status"), page.Data[1].Status, "unknown enum values decode")
	assert.Equal(t, PromoType("some_future_type"), page.Data[1].PromoType)
	assert.Equal(t, PromoDuration("some_future_duration"), *page.Data[1].Duration)
}

func TestPromoCodesRequests(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("GET /promo_codes", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		assert.Equal(t, "biz_1", q.Get("company_id"))
		assert.Equal(t, []string{"plan_1", "plan_2"}, q["plan_ids[]"])
		assert.Equal(t, []string{"prod_1"}, q["product_ids[]"])
		assert.Equal(t, "active", q.Get("status"))
		assert.Equal(t, "2024-01-01T00:00:00.000Z", q.Get("created_before"))
		writeJSON(w, 200, fixture(t, "promo_codes_page.json"))
	})
	ts.Mux.HandleFunc("POST /promo_codes", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{
			"company_id": "biz_1", "code": "LAUNCH20", "amount_off": 20, "base_currency": "usd",
			"promo_type": "percentage", "promo_duration_months": 0, "new_users_only": false,
			"one_per_customer": true, "expires_at": "2024-06-01T00:00:00Z", "plan_ids": ["plan_1"], "stock": 100
		}`)
		writeJSON(w, 200, fixture(t, "promo_code.json"))
	})
	ts.Mux.HandleFunc("GET /promo_codes/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/promo_codes/promo%2F1", r.URL.EscapedPath())
		writeJSON(w, 200, fixture(t, "promo_code.json"))
	})
	ts.Mux.HandleFunc("DELETE /promo_codes/{id}", func(w http.ResponseWriter, r *http.Request) {
		testNoBody(t, r)
		writeJSON(w, 200, `true`)
	})
	ctx := context.Background()
	before := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	page, err := c.PromoCodes.List(ctx, &PromoCodeListParams{CompanyID: "biz_1", PlanIDs: []string{"plan_1", "plan_2"},
		ProductIDs: []string{"prod_1"}, Status: PromoCodeStatusActive, CreatedBefore: &before})
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
	expires := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	p, err := c.PromoCodes.Create(ctx, &PromoCodeCreateParams{CompanyID: "biz_1", Code: "LAUNCH20", AmountOff: 20,
		BaseCurrency: CurrencyUSD, PromoType: PromoTypePercentage, OnePerCustomer: Ptr(true), ExpiresAt: &expires,
		PlanIDs: []string{"plan_1"}, Stock: Ptr(100)})
	require.NoError(t, err)
	assert.Equal(t, "promo_xxxxxxxxxxxx", p.ID)
	_, err = c.PromoCodes.Get(ctx, "promo/1")
	require.NoError(t, err)
	require.NoError(t, c.PromoCodes.Delete(ctx, "promo_1"))
}

func TestPromoCodesValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	valid := func(mod func(p *PromoCodeCreateParams)) *PromoCodeCreateParams {
		p := &PromoCodeCreateParams{CompanyID: "biz_1", Code: "X", AmountOff: 10, BaseCurrency: CurrencyUSD, PromoType: PromoTypeFlatAmount}
		mod(p)
		return p
	}
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"list nil", func() error { _, err := c.PromoCodes.List(ctx, nil); return err }, "company_id"},
		{"create nil", func() error { _, err := c.PromoCodes.Create(ctx, nil); return err }, "company_id"},
		{"create no code", func() error {
			_, err := c.PromoCodes.Create(ctx, valid(func(p *PromoCodeCreateParams) { p.Code = "" }))
			return err
		}, "code"},
		{"create no currency", func() error {
			_, err := c.PromoCodes.Create(ctx, valid(func(p *PromoCodeCreateParams) { p.BaseCurrency = "" }))
			return err
		}, "base_currency"},
		{"create no type", func() error {
			_, err := c.PromoCodes.Create(ctx, valid(func(p *PromoCodeCreateParams) { p.PromoType = "" }))
			return err
		}, "promo_type"},
		{"create zero amount", func() error {
			_, err := c.PromoCodes.Create(ctx, valid(func(p *PromoCodeCreateParams) { p.AmountOff = 0 }))
			return err
		}, "amount_off"},
		{"create NaN amount", func() error {
			_, err := c.PromoCodes.Create(ctx, valid(func(p *PromoCodeCreateParams) { p.AmountOff = math.NaN() }))
			return err
		}, "amount_off"},
		{"create over 100 percent", func() error {
			_, err := c.PromoCodes.Create(ctx, valid(func(p *PromoCodeCreateParams) { p.PromoType, p.AmountOff = PromoTypePercentage, 101 }))
			return err
		}, "amount_off"},
		{"create negative months", func() error {
			_, err := c.PromoCodes.Create(ctx, valid(func(p *PromoCodeCreateParams) { p.PromoDurationMonths = -1 }))
			return err
		}, "promo_duration_months"},
		{"create negative stock", func() error {
			_, err := c.PromoCodes.Create(ctx, valid(func(p *PromoCodeCreateParams) { p.Stock = Ptr(-1) }))
			return err
		}, "stock"},
		{"get empty", func() error { _, err := c.PromoCodes.Get(ctx, ""); return err }, "id"},
		{"delete dot dot", func() error { return c.PromoCodes.Delete(ctx, "..") }, "id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assertParamError(t, tc.call(), tc.field) })
	}
	assert.Zero(t, ts.Hits.Load(), "no request may reach the server")
}
