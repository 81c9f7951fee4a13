package whop

import (
	"context"
	"errors"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInvoiceFixturesRoundTrip(t *testing.T) {
	inv := assertRoundTrip[Invoice](t, fixture(t, "invoice.json"))
	assert.Equal(t, InvoiceStatusOpen, inv.Status)
	assert.Equal(t, CurrencyUSD, inv.CurrentPlan.Currency)
	assert.Equal(t, "$120.00", inv.CurrentPlan.FormattedPrice)
	assert.Equal(t, "ada", inv.User.Username)
	assert.Nil(t, inv.User.Email)

	page := assertRoundTrip[Page[Invoice]](t, fixture(t, "invoices_page.json"))
	require.Len(t, page.Data, 2)
	assert.Equal(t, InvoiceStatus("some_future_invoice_status"), page.Data[1].Status, "unknown enum values decode")
	assert.Nil(t, page.Data[1].User)
	assert.Nil(t, page.Data[1].DueDate)
}

func TestInvoicesList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/invoices", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		q := r.URL.Query()
		assert.Equal(t, "biz_1", q.Get("company_id"))
		assert.Equal(t, []string{"prod_1", "prod_2"}, q["product_ids[]"])
		assert.Equal(t, []string{"open", "past_due"}, q["statuses[]"])
		assert.Equal(t, []string{"send_invoice"}, q["collection_methods[]"])
		assert.Equal(t, "due_date", q.Get("order"))
		assert.Equal(t, "asc", q.Get("direction"))
		assert.Equal(t, "2024-05-01T00:00:00.000Z", q.Get("created_after"))
		assert.Equal(t, "2024-06-01T00:00:00.000Z", q.Get("created_before"))
		writeJSON(w, 200, fixture(t, "invoices_page.json"))
	})
	after, before := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	params := &InvoiceListParams{
		CompanyID: "biz_1", ProductIDs: []string{"prod_1", "prod_2"},
		Statuses:          []InvoiceStatus{InvoiceStatusOpen, InvoiceStatusPastDue},
		CollectionMethods: []CollectionMethod{CollectionMethodSendInvoice},
		Order:             InvoiceOrderDueDate, Direction: DirectionAsc, CreatedAfter: &after, CreatedBefore: &before,
	}
	page, err := c.Invoices.List(context.Background(), params)
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
	var ids []string
	for inv, err := range c.Invoices.ListAll(context.Background(), params) {
		require.NoError(t, err)
		ids = append(ids, inv.ID)
	}
	assert.Equal(t, []string{"inv_Td7pA3rU5eB9g", "inv_Vf9rC5tW7gD1i"}, ids)
}

func TestInvoicesCreateBodies(t *testing.T) {
	due := time.Date(2024, 5, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		params *InvoiceCreateParams
		body   string
	}{
		{
			name: "existing product, existing member",
			params: &InvoiceCreateParams{
				CompanyID: "biz_1", CollectionMethod: CollectionMethodChargeAutomatically, ProductID: "prod_1",
				MemberID: Ptr("mber_1"), PaymentMethodID: Ptr("pm_1"), DueDate: &due,
				Plan: InvoicePlanParams{InitialPrice: Ptr(120.0), PlanType: Ptr(PlanTypeOneTime),
					PaymentMethodConfiguration: &PaymentMethodConfigurationParams{Enabled: []PaymentMethodType{"card"}}},
				LineItems:        []InvoiceLineItem{{Label: "Setup", UnitPrice: 20}, {Label: "Seats", UnitPrice: 50, Quantity: Ptr(2.0)}},
				MailingAddressID: Ptr("addr_1"),
			},
			body: `{"company_id":"biz_1","collection_method":"charge_automatically","product_id":"prod_1",
				"member_id":"mber_1","payment_method_id":"pm_1","due_date":"2024-05-31T00:00:00Z",
				"plan":{"initial_price":120,"plan_type":"one_time","payment_method_configuration":{"enabled":["card"],"disabled":[]}},
				"line_items":[{"label":"Setup","unit_price":20},{"label":"Seats","unit_price":50,"quantity":2}],
				"mailing_address_id":"addr_1"}`,
		},
		{
			name: "inline product, new customer",
			params: &InvoiceCreateParams{
				CompanyID: "biz_1", CollectionMethod: CollectionMethodSendInvoice,
				Product:      &InvoiceProductParams{Title: "Consulting", ProductTaxCodeID: Ptr("ptc_1")},
				EmailAddress: Ptr("ada@example.com"), CustomerName: Ptr("Ada"), DueDate: &due,
				BillingAddress: &InvoiceBillingAddress{Country: Ptr("GB"), TaxIDType: Ptr(TaxIdentifierTypeGBVAT), TaxIDValue: Ptr("GB123")},
			},
			body: `{"company_id":"biz_1","collection_method":"send_invoice","plan":{},
				"product":{"title":"Consulting","product_tax_code_id":"ptc_1"},
				"email_address":"ada@example.com","customer_name":"Ada","due_date":"2024-05-31T00:00:00Z",
				"billing_address":{"country":"GB","tax_id_type":"gb_vat","tax_id_value":"GB123"}}`,
		},
		{
			name: "draft needs neither customer nor due date",
			params: &InvoiceCreateParams{
				CompanyID: "biz_1", CollectionMethod: CollectionMethodSendInvoice, ProductID: "prod_1", SaveAsDraft: Ptr(true),
			},
			body: `{"company_id":"biz_1","collection_method":"send_invoice","plan":{},"product_id":"prod_1","save_as_draft":true}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/invoices", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				testJSONBody(t, r, tc.body)
				writeJSON(w, 200, fixture(t, "invoice.json"))
			})
			inv, err := c.Invoices.Create(context.Background(), tc.params)
			require.NoError(t, err)
			assert.Equal(t, "inv_Td7pA3rU5eB9g", inv.ID)
			assert.EqualValues(t, 1, ts.Hits.Load())
		})
	}
}

func TestInvoicesCreateValidation(t *testing.T) {
	due := time.Now()
	valid := func(mod func(p *InvoiceCreateParams)) *InvoiceCreateParams {
		p := &InvoiceCreateParams{CompanyID: "biz_1", CollectionMethod: CollectionMethodSendInvoice,
			ProductID: "prod_1", MemberID: Ptr("mber_1"), DueDate: &due}
		mod(p)
		return p
	}
	cases := []struct {
		name   string
		params *InvoiceCreateParams
		field  string
	}{
		{"nil", nil, "company_id"},
		{"no company", valid(func(p *InvoiceCreateParams) { p.CompanyID = "" }), "company_id"},
		{"no collection method", valid(func(p *InvoiceCreateParams) { p.CollectionMethod = "" }), "collection_method"},
		{"neither product nor product_id", valid(func(p *InvoiceCreateParams) { p.ProductID = "" }), "product_id"},
		{"both product and product_id", valid(func(p *InvoiceCreateParams) { p.Product = &InvoiceProductParams{Title: "x"} }), "product"},
		{"inline product without title", valid(func(p *InvoiceCreateParams) {
			p.ProductID, p.Product = "", &InvoiceProductParams{}
		}), "product.title"},
		{"blank product_id", valid(func(p *InvoiceCreateParams) { p.ProductID = "  " }), "product_id"},
		{"address twice", valid(func(p *InvoiceCreateParams) {
			p.BillingAddress, p.MailingAddressID = &InvoiceBillingAddress{}, Ptr("addr_1")
		}), "mailing_address_id"},
		{"line item without label", valid(func(p *InvoiceCreateParams) {
			p.LineItems = []InvoiceLineItem{{Label: "a", UnitPrice: 1}, {UnitPrice: 2}}
		}), "line_items[1].label"},
		{"line item price not a number", valid(func(p *InvoiceCreateParams) {
			p.LineItems = []InvoiceLineItem{{Label: "a", UnitPrice: math.NaN()}}
		}), "line_items[0].unit_price"},
		{"line item quantity infinite", valid(func(p *InvoiceCreateParams) {
			p.LineItems = []InvoiceLineItem{{Label: "a", UnitPrice: 1, Quantity: Ptr(math.Inf(1))}}
		}), "line_items[0].quantity"},
		{"plan custom field without type", valid(func(p *InvoiceCreateParams) {
			p.Plan.CustomFields = []CustomField{{Name: "Discord"}}
		}), "plan.custom_fields[0].field_type"},
		{"plan custom field without name", valid(func(p *InvoiceCreateParams) {
			p.Plan.CustomFields = []CustomField{{FieldType: CustomFieldTypeText, Name: "a"}, {FieldType: CustomFieldTypeText}}
		}), "plan.custom_fields[1].name"},
		{"no due date", valid(func(p *InvoiceCreateParams) { p.DueDate = nil }), "due_date"},
		{"no customer", valid(func(p *InvoiceCreateParams) { p.MemberID = nil }), "member_id"},
		{"new customer without name", valid(func(p *InvoiceCreateParams) {
			p.MemberID, p.EmailAddress = nil, Ptr("a@example.com")
		}), "member_id"},
		{"new customer with blank email", valid(func(p *InvoiceCreateParams) {
			p.MemberID, p.EmailAddress, p.CustomerName = nil, Ptr(" "), Ptr("Ada")
		}), "email_address"},
		{"blank member", valid(func(p *InvoiceCreateParams) { p.MemberID = Ptr("") }), "member_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			_, err := c.Invoices.Create(context.Background(), tc.params)
			assertParamError(t, err, tc.field)
			assert.Contains(t, err.Error(), tc.field)
			assert.Zero(t, ts.Hits.Load(), "nothing may be sent")
		})
	}
}

func TestInvoicesGetUpdate(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/invoices/inv_1", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			testNoBody(t, r)
		case http.MethodPatch:
			testJSONBody(t, r, `{"due_date":"2024-06-30T00:00:00Z","customer_name":null,"member_id":"mber_2",
				"line_items":[{"label":"Seats","unit_price":10}],"plan":{"renewal_price":10,"billing_period":30}}`)
		default:
			t.Errorf("unexpected %s", r.Method)
		}
		writeJSON(w, 200, fixture(t, "invoice.json"))
	})
	ctx := context.Background()
	_, err := c.Invoices.Get(ctx, "inv_1")
	require.NoError(t, err)
	_, err = c.Invoices.Update(ctx, "inv_1", &InvoiceUpdateParams{
		DueDate:      Value(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)),
		CustomerName: Null[string](),
		MemberID:     Value("mber_2"),
		LineItems:    Value([]InvoiceLineItem{{Label: "Seats", UnitPrice: 10}}),
		Plan:         Value(InvoicePlanParams{RenewalPrice: Ptr(10.0), BillingPeriod: Ptr(30)}),
	})
	require.NoError(t, err)

	_, err = c.Invoices.Update(ctx, "inv_1", &InvoiceUpdateParams{
		BillingAddress: Value(InvoiceBillingAddress{}), MailingAddressID: Value("addr_1"),
	})
	assertParamError(t, err, "mailing_address_id")
	_, err = c.Invoices.Update(ctx, "inv_1", &InvoiceUpdateParams{LineItems: Value([]InvoiceLineItem{{}})})
	assertParamError(t, err, "line_items[0].label")
	_, err = c.Invoices.Update(ctx, "inv_1", &InvoiceUpdateParams{
		Plan: Value(InvoicePlanParams{CustomFields: []CustomField{{FieldType: CustomFieldTypeText}}}),
	})
	assertParamError(t, err, "plan.custom_fields[0].name")
	assert.EqualValues(t, 2, ts.Hits.Load(), "refused updates send nothing")
}

// TestInvoicesBooleanAnswers checks the four calls the API answers with a
// bare boolean: true is success, false an error that says so.
func TestInvoicesBooleanAnswers(t *testing.T) {
	calls := []struct {
		method, path string
		call         func(c *Client, id string) error
	}{
		{http.MethodDelete, "", func(c *Client, id string) error { return c.Invoices.Delete(context.Background(), id) }},
		{http.MethodPost, "/void", func(c *Client, id string) error { return c.Invoices.Void(context.Background(), id) }},
		{http.MethodPost, "/mark_paid", func(c *Client, id string) error { return c.Invoices.MarkPaid(context.Background(), id) }},
		{http.MethodPost, "/mark_uncollectible", func(c *Client, id string) error {
			return c.Invoices.MarkUncollectible(context.Background(), id)
		}},
	}
	for _, tc := range calls {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			c, ts := newTestClient(t)
			for id, answer := range map[string]string{"inv_yes": "true", "inv_no": "false"} {
				ts.Mux.HandleFunc("/invoices/"+id+tc.path, func(w http.ResponseWriter, r *http.Request) {
					testMethod(t, r, tc.method)
					testNoBody(t, r)
					writeJSON(w, 200, answer)
				})
			}
			require.NoError(t, tc.call(c, "inv_yes"))
			err := tc.call(c, "inv_no")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "answered false")
			assert.Contains(t, err.Error(), "/invoices/inv_no"+tc.path)
			assertParamError(t, tc.call(c, ""), "id")
		})
	}
}

func TestWebhookEventInvoice(t *testing.T) {
	ev, err := decodeWebhookEvent([]byte(fixture(t, "webhook_invoice_paid.json")))
	require.NoError(t, err)
	inv, err := ev.Invoice()
	require.NoError(t, err)
	assert.Equal(t, InvoiceStatusPaid, inv.Status)
	_, err = ev.Refund()
	assert.True(t, errors.Is(err, ErrWebhookEventType))
	for _, typ := range []WebhookEventType{WebhookEventInvoiceCreated, WebhookEventInvoicePastDue,
		WebhookEventInvoiceVoided, WebhookEventInvoiceMarkedUncollectible} {
		e := &WebhookEvent{Type: typ, Data: ev.Data}
		_, err := e.Invoice()
		assert.NoError(t, err, typ)
	}
	_, err = (&WebhookEvent{Type: WebhookEventInvoicePaid}).Invoice()
	assert.True(t, errors.Is(err, ErrWebhookInvalidPayload), "no data")
}
