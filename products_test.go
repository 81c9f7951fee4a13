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

func TestProductFixturesRoundTrip(t *testing.T) {
	p := assertRoundTrip[Product](t, fixture(t, "product.json"))
	assert.Equal(t, "prod_xxxxxxxxxxxxx", p.ID)
	assert.Equal(t, TaxCodeProductTypeDigital, p.ProductTaxCode.ProductType)
	assert.Nil(t, p.MemberAffiliatePercentage)
	assert.Equal(t, 6.9, *p.GlobalAffiliatePercentage)
	assert.Equal(t, time.Date(2023, 12, 1, 5, 0, 0, 401e6, time.UTC), p.CreatedAt)
	assert.Equal(t, map[string]any{"crm_id": "acct_991", "tier": 2.0}, p.Metadata)

	page := assertRoundTrip[Page[ProductListItem]](t, fixture(t, "products_page.json"))
	require.Len(t, page.Data, 2)
	assert.Equal(t, Visibility("some_future_visibility"), page.Data[1].Visibility, "unknown enum values decode")
	assert.Nil(t, page.Data[0].Metadata)
	assert.Equal(t, map[string]any{"sku": "SHV-2"}, page.Data[1].Metadata)
	assert.True(t, page.PageInfo.HasNextPage)
}

func TestProductsList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		q := r.URL.Query()
		assert.Equal(t, "biz_1", q.Get("company_id"))
		assert.Equal(t, []string{"regular", "app"}, q["product_types[]"])
		assert.Equal(t, []string{"visible", "not_archived"}, q["visibilities[]"])
		assert.Equal(t, "created_at", q.Get("order"))
		assert.Equal(t, "desc", q.Get("direction"))
		assert.Equal(t, "2023-12-01T05:00:00.401Z", q.Get("created_after"))
		assert.Equal(t, "2024-01-01T00:00:00.000Z", q.Get("created_before"))
		assert.Equal(t, "10", q.Get("first"))
		assert.Equal(t, "cur", q.Get("after"))
		assert.NotContains(t, q, "last")
		assert.NotContains(t, q, "before")
		writeJSON(w, 200, fixture(t, "products_page.json"))
	})
	est := time.FixedZone("EST", -5*3600)
	after := time.Date(2023, 12, 1, 0, 0, 0, 401e6, est)
	before := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	params := &ProductListParams{
		ListParams:    ListParams{After: "cur", First: 10},
		CompanyID:     "biz_1",
		ProductTypes:  []ProductType{ProductTypeRegular, ProductTypeApp},
		Visibilities:  []VisibilityFilter{VisibilityFilterVisible, VisibilityFilterNotArchived},
		Order:         ProductOrderCreatedAt,
		Direction:     DirectionDesc,
		CreatedAfter:  &after,
		CreatedBefore: &before,
	}
	page, err := c.Products.List(context.Background(), params)
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
	assert.Equal(t, "c2", page.PageInfo.EndCursor)
	assert.Equal(t, est, params.CreatedAfter.Location(), "caller's time is not modified")
}

func TestProductsCreate(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testJSONBody(t, r, `{
			"company_id": "biz_1", "title": "Pickaxe", "visibility": "hidden",
			"metadata": {"sku": "p-1"},
			"plan_options": {"initial_price": 10.5, "plan_type": "one_time", "base_currency": "usd",
				"custom_fields": [{"field_type": "text", "name": "Discord handle", "required": true}]}
		}`)
		writeJSON(w, 200, fixture(t, "product.json"))
	})
	p, err := c.Products.Create(context.Background(), &ProductCreateParams{
		CompanyID:  "biz_1",
		Title:      "Pickaxe",
		Visibility: Ptr(VisibilityHidden),
		Metadata:   map[string]any{"sku": "p-1"},
		PlanOptions: &ProductPlanOptions{
			InitialPrice: Ptr(10.5), PlanType: Ptr(PlanTypeOneTime), BaseCurrency: Ptr(CurrencyUSD),
			CustomFields: []CustomField{{FieldType: CustomFieldTypeText, Name: "Discord handle", Required: Ptr(true)}},
		},
	})
	require.NoError(t, err)
	assert.Equal(t, "prod_xxxxxxxxxxxxx", p.ID)
}

func TestProductsUpdateThreeStates(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products/prod_1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		// Title set, Headline cleared, everything else absent.
		testJSONBody(t, r, `{"title": "New title", "headline": null, "store_page_config": {"show_price": false}}`)
		writeJSON(w, 200, fixture(t, "product.json"))
	})
	_, err := c.Products.Update(context.Background(), "prod_1", &ProductUpdateParams{
		Title:           Value("New title"),
		Headline:        Null[string](),
		StorePageConfig: Value(StorePageConfig{ShowPrice: Value(false)}),
	})
	require.NoError(t, err)
}

func TestProductsUpdateMetadata(t *testing.T) {
	c, ts := newTestClient(t)
	bodies := []string{`{"metadata": {"tier": "gold"}}`, `{"metadata": null}`}
	ts.Mux.HandleFunc("/products/prod_1", func(w http.ResponseWriter, r *http.Request) {
		require.NotEmpty(t, bodies)
		testJSONBody(t, r, bodies[0])
		bodies = bodies[1:]
		writeJSON(w, 200, fixture(t, "product.json"))
	})
	_, err := c.Products.Update(context.Background(), "prod_1", &ProductUpdateParams{Metadata: Value(map[string]any{"tier": "gold"})})
	require.NoError(t, err)
	_, err = c.Products.Update(context.Background(), "prod_1", &ProductUpdateParams{Metadata: Null[map[string]any]()})
	require.NoError(t, err)
	assert.Empty(t, bodies)
}

func TestProductsDelete(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products/prod_1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testNoBody(t, r)
		writeJSON(w, 200, `true`)
	})
	ts.Mux.HandleFunc("/products/prod_2", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `false`)
	})
	require.NoError(t, c.Products.Delete(context.Background(), "prod_1"))
	err := c.Products.Delete(context.Background(), "prod_2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "answered false")
}

func TestProductsValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"list nil params", func() error { _, err := c.Products.List(ctx, nil); return err }, "company_id"},
		{"list no company", func() error { _, err := c.Products.List(ctx, &ProductListParams{}); return err }, "company_id"},
		{"list negative first", func() error {
			_, err := c.Products.List(ctx, &ProductListParams{CompanyID: "b", ListParams: ListParams{First: -1}})
			return err
		}, "first"},
		{"create no title", func() error {
			_, err := c.Products.Create(ctx, &ProductCreateParams{CompanyID: "biz_1"})
			return err
		}, "title"},
		{"create no company", func() error { _, err := c.Products.Create(ctx, &ProductCreateParams{Title: "x"}); return err }, "company_id"},
		{"create custom field without name", func() error {
			_, err := c.Products.Create(ctx, &ProductCreateParams{CompanyID: "b", Title: "x",
				PlanOptions: &ProductPlanOptions{CustomFields: []CustomField{{FieldType: CustomFieldTypeText}}}})
			return err
		}, "plan_options.custom_fields[0].name"},
		{"get empty id", func() error { _, err := c.Products.Get(ctx, ""); return err }, "id"},
		{"get dot dot", func() error { _, err := c.Products.Get(ctx, ".."); return err }, "id"},
		{"get dot", func() error { _, err := c.Products.Get(ctx, "."); return err }, "id"},
		{"update clears title", func() error {
			_, err := c.Products.Update(ctx, "prod_1", &ProductUpdateParams{Title: Null[string]()})
			return err
		}, "title"},
		{"delete blank id", func() error { return c.Products.Delete(ctx, "  ") }, "id"},
		{"listall no company", func() error {
			for _, err := range c.Products.ListAll(ctx, &ProductListParams{}) {
				return err
			}
			return nil
		}, "company_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidParams), "errors.Is ErrInvalidParams: %v", err)
			var pe *ParamError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, tc.field, pe.Field)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
	assert.Zero(t, ts.Hits.Load(), "no request may reach the server")
}

func TestProductsListAll(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("after") {
		case "":
			writeJSON(w, 200, `{"data":[{"id":"prod_1"}],"page_info":{"end_cursor":"c1","has_next_page":true}}`)
		case "c1":
			writeJSON(w, 200, `{"data":[{"id":"prod_2"}],"page_info":{"end_cursor":"c2","has_next_page":false}}`)
		default:
			t.Errorf("unexpected cursor %q", r.URL.Query().Get("after"))
		}
	})
	var ids []string
	for p, err := range c.Products.ListAll(context.Background(), &ProductListParams{CompanyID: "biz_1"}) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"prod_1", "prod_2"}, ids)
}
