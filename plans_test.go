package whop

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanFixturesRoundTrip(t *testing.T) {
	p := assertRoundTrip[Plan](t, fixture(t, "plan.json"))
	assert.Equal(t, PlanTypeRenewal, p.PlanType)
	assert.Equal(t, 30, *p.BillingPeriod)
	assert.Equal(t, ThreeDSLevelFrictionless, *p.ThreeDSLevel)
	assert.Equal(t, &CompanyRef{ID: "biz_xxxxxxxxxxxxxx", Title: "Pickaxe Inc"}, p.Company)
	assert.Equal(t, &ProductRef{ID: "prod_xxxxxxxxxxxxx", Title: "Pickaxe Pro"}, p.Product)
	assert.Equal(t, "inv_xxxxxxxxxxxxxx", p.Invoice.ID)
	assert.Equal(t, TaxTypeExclusive, p.TaxType)
	require.Len(t, p.CustomFields, 2)
	assert.Equal(t, CustomFieldType("some_future_type"), p.CustomFields[1].FieldType, "unknown enum values decode")
	assert.Equal(t, []PaymentMethodType{PaymentMethodTypeCard, PaymentMethodTypeCashapp}, p.PaymentMethodConfiguration.Enabled)

	page := assertRoundTrip[Page[PlanListItem]](t, fixture(t, "plans_page.json"))
	require.Len(t, page.Data, 2)
	assert.Nil(t, page.Data[0].Company)
	assert.Nil(t, page.Data[0].BillingPeriod)
	assert.Equal(t, PlanType("some_future_type"), page.Data[1].PlanType)
	assert.Equal(t, ReleaseMethod("some_future_method"), page.Data[1].ReleaseMethod)
	assert.Equal(t, ThreeDSLevel("some_future_level"), *page.Data[1].ThreeDSLevel)
}

func TestPlansList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/plans", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		q := r.URL.Query()
		assert.Equal(t, "biz_1", q.Get("company_id"))
		assert.Equal(t, []string{"renewal", "one_time"}, q["plan_types[]"])
		assert.Equal(t, []string{"prod_1"}, q["product_ids[]"])
		assert.Equal(t, []string{"waitlist"}, q["release_methods[]"])
		assert.Equal(t, []string{"hidden", "not_archived"}, q["visibilities[]"])
		assert.Equal(t, "active_members_count", q.Get("order"))
		assert.Equal(t, "asc", q.Get("direction"))
		assert.Equal(t, "2023-12-01T05:00:00.401Z", q.Get("created_after"))
		assert.NotContains(t, q, "created_before")
		writeJSON(w, 200, fixture(t, "plans_page.json"))
	})
	after := time.Date(2023, 12, 1, 0, 0, 0, 401e6, time.FixedZone("EST", -5*3600))
	page, err := c.Plans.List(context.Background(), &PlanListParams{
		CompanyID: "biz_1", PlanTypes: []PlanType{PlanTypeRenewal, PlanTypeOneTime}, ProductIDs: []string{"prod_1"},
		ReleaseMethods: []ReleaseMethod{ReleaseMethodWaitlist},
		Visibilities:   []VisibilityFilter{VisibilityFilterHidden, VisibilityFilterNotArchived},
		Order:          PlanOrderActiveMembersCount, Direction: DirectionAsc, CreatedAfter: &after,
	})
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
}

func TestPlansCreateGetDelete(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("POST /plans", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{
			"company_id": "biz_1", "product_id": "prod_1", "title": "Monthly", "plan_type": "renewal",
			"currency": "usd", "renewal_price": 9.99, "initial_price": 0, "billing_period": 30, "trial_period_days": 7,
			"internal_notes": "launch", "three_ds_level": "mandate_challenge", "unlimited_stock": false, "stock": 100,
			"override_tax_type": "inclusive", "image": {"id": "file_1"},
			"checkout_styling": {"button_color": "#ff0000", "font_family": "roboto"},
			"custom_fields": [{"field_type": "text", "name": "Discord handle", "required": true}],
			"payment_method_configuration": {"enabled": ["card"], "disabled": []},
			"metadata": {"tier": "gold"}
		}`)
		writeJSON(w, 200, fixture(t, "plan.json"))
	})
	ts.Mux.HandleFunc("GET /plans/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/plans/plan%3F1", r.URL.EscapedPath())
		writeJSON(w, 200, fixture(t, "plan.json"))
	})
	ts.Mux.HandleFunc("DELETE /plans/{id}", func(w http.ResponseWriter, r *http.Request) {
		testNoBody(t, r)
		writeJSON(w, 200, map[bool]string{true: "true", false: "false"}[r.PathValue("id") == "plan_1"])
	})
	ctx := context.Background()
	p, err := c.Plans.Create(ctx, &PlanCreateParams{
		CompanyID: "biz_1", ProductID: "prod_1", Title: Ptr("Monthly"), PlanType: Ptr(PlanTypeRenewal),
		Currency: Ptr(CurrencyUSD), RenewalPrice: Ptr(9.99), InitialPrice: Ptr(0.0), BillingPeriod: Ptr(30), TrialPeriodDays: Ptr(7),
		InternalNotes: Ptr("launch"), ThreeDSLevel: Ptr(ThreeDSLevelMandateChallenge), UnlimitedStock: Ptr(false), Stock: Ptr(100),
		OverrideTaxType: Ptr(TaxTypeInclusive), Image: &FileRef{ID: "file_1"},
		CheckoutStyling:            &CheckoutStyling{ButtonColor: Ptr("#ff0000"), FontFamily: Ptr(CheckoutFontRoboto)},
		CustomFields:               []CustomField{{FieldType: CustomFieldTypeText, Name: "Discord handle", Required: Ptr(true)}},
		PaymentMethodConfiguration: &PaymentMethodConfigurationParams{Enabled: []PaymentMethodType{PaymentMethodTypeCard}},
		Metadata:                   map[string]any{"tier": "gold"},
	})
	require.NoError(t, err)
	assert.Equal(t, "plan_xxxxxxxxxxxxx", p.ID)
	_, err = c.Plans.Get(ctx, "plan?1")
	require.NoError(t, err)
	require.NoError(t, c.Plans.Delete(ctx, "plan_1"))
	err = c.Plans.Delete(ctx, "plan_2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "answered false")
	assert.Contains(t, err.Error(), "/plans/plan_2")
}

func TestPlansUpdateThreeStates(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("PATCH /plans/plan_1", func(w http.ResponseWriter, r *http.Request) {
		// Set: title, renewal_price, checkout_styling, metadata. Cleared:
		// description, trial_period_days, payment_method_configuration,
		// image. Everything else absent.
		testJSONBody(t, r, `{
			"title": "Yearly", "renewal_price": 99, "checkout_styling": {"border_style": "pill"},
			"metadata": {"tier": "silver"}, "offer_cancel_discount": true,
			"description": null, "trial_period_days": null, "payment_method_configuration": null, "image": null
		}`)
		writeJSON(w, 200, fixture(t, "plan.json"))
	})
	ts.Mux.HandleFunc("PATCH /plans/plan_2", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{}`)
		writeJSON(w, 200, fixture(t, "plan.json"))
	})
	ctx := context.Background()
	_, err := c.Plans.Update(ctx, "plan_1", &PlanUpdateParams{
		Title: Value("Yearly"), RenewalPrice: Value(99.0),
		CheckoutStyling:     Value(CheckoutStyling{BorderStyle: Ptr(CheckoutShapePill)}),
		Metadata:            Value(map[string]any{"tier": "silver"}),
		OfferCancelDiscount: Value(true),
		Description:         Null[string](), TrialPeriodDays: Null[int](),
		PaymentMethodConfiguration: Null[PaymentMethodConfigurationParams](), Image: Null[FileRef](),
	})
	require.NoError(t, err)
	_, err = c.Plans.Update(ctx, "plan_2", nil)
	require.NoError(t, err)
}

func TestPlansValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"list nil", func() error { _, err := c.Plans.List(ctx, nil); return err }, "company_id"},
		{"list no company", func() error { _, err := c.Plans.List(ctx, &PlanListParams{}); return err }, "company_id"},
		{"listall no company", func() error {
			for _, err := range c.Plans.ListAll(ctx, &PlanListParams{}) {
				return err
			}
			return nil
		}, "company_id"},
		{"create nil", func() error { _, err := c.Plans.Create(ctx, nil); return err }, "company_id"},
		{"create no product", func() error { _, err := c.Plans.Create(ctx, &PlanCreateParams{CompanyID: "biz_1"}); return err }, "product_id"},
		{"create image without id", func() error {
			_, err := c.Plans.Create(ctx, &PlanCreateParams{CompanyID: "biz_1", ProductID: "prod_1", Image: &FileRef{}})
			return err
		}, "image.id"},
		{"create custom field without type", func() error {
			_, err := c.Plans.Create(ctx, &PlanCreateParams{CompanyID: "biz_1", ProductID: "prod_1",
				CustomFields: []CustomField{{Name: "x", FieldType: CustomFieldTypeText}, {Name: "y"}}})
			return err
		}, "custom_fields[1].field_type"},
		{"update custom field without name", func() error {
			_, err := c.Plans.Update(ctx, "plan_1", &PlanUpdateParams{CustomFields: Value([]CustomField{{FieldType: CustomFieldTypeText}})})
			return err
		}, "custom_fields[0].name"},
		{"get dot dot", func() error { _, err := c.Plans.Get(ctx, ".."); return err }, "id"},
		{"update empty id", func() error { _, err := c.Plans.Update(ctx, "", nil); return err }, "id"},
		{"delete dot", func() error { return c.Plans.Delete(ctx, ".") }, "id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assertParamError(t, tc.call(), tc.field) })
	}
	assert.Zero(t, ts.Hits.Load(), "no request may reach the server")
}

// TestAccessListAllFollowCursors checks the ListAll of Users, Plans and
// PromoCodes: each page repeats the caller's filters, the second asks for
// the first's end cursor, and the caller's params are left untouched.
func TestAccessListAllFollowCursors(t *testing.T) {
	for _, tc := range []struct {
		path, filter string
		ids          func(c *Client) ([]string, error)
	}{
		{"/users", "query=ada", func(c *Client) ([]string, error) {
			p := &UserListParams{Query: "ada"}
			return collectIDs(c.Users.ListAll(context.Background(), p), func(u User) string { return u.ID }, &p.ListParams)
		}},
		{"/plans", "company_id=biz_1", func(c *Client) ([]string, error) {
			p := &PlanListParams{CompanyID: "biz_1"}
			return collectIDs(c.Plans.ListAll(context.Background(), p), func(pl PlanListItem) string { return pl.ID }, &p.ListParams)
		}},
		{"/promo_codes", "company_id=biz_1", func(c *Client) ([]string, error) {
			p := &PromoCodeListParams{CompanyID: "biz_1"}
			return collectIDs(c.PromoCodes.ListAll(context.Background(), p), func(pc PromoCodeListItem) string { return pc.ID }, &p.ListParams)
		}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("GET "+tc.path, func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.RawQuery {
				case tc.filter:
					writeJSON(w, 200, `{"data":[{"id":"a"}],"page_info":{"end_cursor":"c1","has_next_page":true}}`)
				case "after=c1&" + tc.filter:
					writeJSON(w, 200, `{"data":[{"id":"b"}],"page_info":{"end_cursor":"c2","has_next_page":false}}`)
				default:
					t.Errorf("unexpected query %q", r.URL.RawQuery)
					writeJSON(w, 400, `{"error":{"type":"invalid_request_error","message":"bad query"}}`)
				}
			})
			ids, err := tc.ids(c)
			require.NoError(t, err)
			assert.Equal(t, []string{"a", "b"}, ids)
		})
	}
}

// collectIDs drains a ListAll iterator and checks that the caller's
// cursor params were not changed by it.
func collectIDs[T any](seq func(func(T, error) bool), id func(T) string, params *ListParams) ([]string, error) {
	var ids []string
	for v, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, id(v))
	}
	if *params != (ListParams{}) {
		return ids, errors.New("ListAll changed the caller's params")
	}
	return ids, nil
}
