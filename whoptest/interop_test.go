package whoptest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop"

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
	for _, q := range []string{
		"/payments?company_id=" + co + "&currencies=&currencies=eur",
		"/payments?company_id=" + co + "&checkout_configuration_ids[]=ch_other",
	} {
		status, body := rawGet(t, w.srv, q)
		require.Equal(t, http.StatusOK, status, "%s", body)
		assert.Empty(t, pageIDs(t, body), q)
	}
}

// rawDo sends one request with a JSON body (or none) and returns the
// status and the undecoded answer.
func rawDo(t *testing.T, srv *whoptest.Server, method, pathAndQuery, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL()+pathAndQuery, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// checkWire decodes body into a new value of typ with unknown fields
// disallowed, then walks the JSON beside typ: every key must be a field
// of the type (also below custom decoders such as PaymentMethod's), and no
// field the type declares as a slice may be null.
func checkWire(t *testing.T, label string, body []byte, typ reflect.Type) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(reflect.New(typ).Interface()); err != nil {
		t.Errorf("%s: decode with unknown fields disallowed: %v\n%s", label, err, body)
		return
	}
	var doc any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	require.NoError(t, d.Decode(&doc))
	for _, problem := range wireProblems("$", doc, typ) {
		t.Errorf("%s: %s", label, problem)
	}
}

var timeType = reflect.TypeOf(time.Time{})

func wireProblems(path string, v any, typ reflect.Type) []string {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if strings.HasPrefix(typ.Name(), "Nullable[") {
		get, _ := reflect.PointerTo(typ).MethodByName("Get")
		typ = get.Type.Out(0)
	}
	if v == nil {
		if typ.Kind() == reflect.Slice {
			return []string{path + " is null where the type declares an array"}
		}
		return nil
	}
	switch {
	case typ == timeType, typ.Kind() == reflect.Map, typ.Kind() == reflect.Interface:
		return nil
	case typ.Kind() == reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			return []string{path + " is not an array"}
		}
		var out []string
		for i, it := range items {
			out = append(out, wireProblems(path+"["+strconv.Itoa(i)+"]", it, typ.Elem())...)
		}
		return out
	case typ.Kind() == reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return []string{path + " is not an object"}
		}
		fields := map[string]reflect.Type{}
		jsonFields(typ, fields)
		var out []string
		for k, fv := range obj {
			ft, ok := fields[k]
			if !ok {
				out = append(out, path+"."+k+" is not a field of "+typ.String())
				continue
			}
			out = append(out, wireProblems(path+"."+k, fv, ft)...)
		}
		return out
	}
	return nil
}

// jsonFields maps the JSON names of typ's fields (embedded ones included)
// to their types.
func jsonFields(typ reflect.Type, into map[string]reflect.Type) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			jsonFields(f.Type, into)
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		into[name] = f.Type
	}
}

func typeOf[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

// accessorCase is a typed WebhookEvent accessor: the type it decodes
// into, and a decode that reports the ID of what it decoded.
type accessorCase struct {
	typ    reflect.Type
	decode func(*whop.WebhookEvent) (string, error)
}

func typedAccessor[T any](get func(*whop.WebhookEvent) (*T, error)) accessorCase {
	return accessorCase{typeOf[T](), func(ev *whop.WebhookEvent) (string, error) {
		v, err := get(ev)
		if err != nil {
			return "", err
		}
		return reflect.ValueOf(v).Elem().FieldByName("ID").String(), nil
	}}
}

// TestEveryRouteMatchesTheClientTypes calls every route the fake serves
// and checks its answer against the client's type for it, in both
// directions: nothing the fake sends is unknown to the type, and no array
// the type declares arrives as null. Empty pages carry null cursors, as
// the API's page_info types them. A route added to the fake without a case
// here fails the test.
func TestEveryRouteMatchesTheClientTypes(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	srv, c, co := w.srv, w.c, w.srv.CompanyID()

	prod, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: co, Title: "Doomed"})
	require.NoError(t, err)
	paid := w.pay(t)
	declining, err := srv.SeedPaymentMethod(w.member.ID, whop.PaymentMethodVariantCard, whoptest.Declining())
	require.NoError(t, err)
	failed, err := c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: w.planID, MemberID: w.member.ID, PaymentMethodID: &declining.ID})
	require.NoError(t, err)
	srv.SetDeclining(declining.ID, false)
	held, err := c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: w.planID, MemberID: w.member.ID,
		PaymentMethodID: &w.card.ID, Capture: whop.Ptr(false)})
	require.NoError(t, err)
	chk, err := c.CheckoutConfigurations.Create(ctx, &whop.CheckoutConfigurationCreateParams{PlanID: w.planID})
	require.NoError(t, err)
	tx, err := c.CompanyTokenTransactions.Create(ctx, &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeAdd, Amount: 5, CompanyID: co, UserID: w.member.UserID})
	require.NoError(t, err)
	_, err = c.Payments.Refund(ctx, paid.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(1.0)})
	require.NoError(t, err)
	refunds, err := c.Refunds.List(ctx, &whop.RefundListParams{PaymentID: paid.ID})
	require.NoError(t, err)
	require.NotEmpty(t, refunds.Data)
	dispute, err := srv.SeedDispute(paid.ID)
	require.NoError(t, err)
	newInvoice := func(draft bool) string {
		p := &whop.InvoiceCreateParams{CompanyID: co, CollectionMethod: whop.CollectionMethodSendInvoice,
			Product: &whop.InvoiceProductParams{Title: "Billed"}, MemberID: &w.member.ID,
			DueDate: whop.Ptr(time.Now().Add(time.Hour)), SaveAsDraft: whop.Ptr(draft)}
		inv, err := c.Invoices.Create(ctx, p)
		require.NoError(t, err)
		return inv.ID
	}
	draftInv, voidInv, paidInv, lostInv := newInvoice(true), newInvoice(false), newInvoice(false), newInvoice(false)
	hook, err := c.Webhooks.Create(ctx, &whop.WebhookEndpointCreateParams{URL: "https://example.com/hook"})
	require.NoError(t, err)

	planOf, err := c.Plans.Get(ctx, w.planID)
	require.NoError(t, err)
	doomedPlan, err := c.Plans.Create(ctx, &whop.PlanCreateParams{CompanyID: co, ProductID: planOf.Product.ID})
	require.NoError(t, err)
	promo, err := c.PromoCodes.Create(ctx, &whop.PromoCodeCreateParams{CompanyID: co, Code: "WIRE", AmountOff: 1,
		BaseCurrency: whop.CurrencyUSD, PromoType: whop.PromoTypeFlatAmount})
	require.NoError(t, err)
	renewing, err := c.Plans.Create(ctx, &whop.PlanCreateParams{CompanyID: co, ProductID: planOf.Product.ID,
		PlanType: whop.Ptr(whop.PlanTypeRenewal), BillingPeriod: whop.Ptr(30), RenewalPrice: whop.Ptr(9.0), Currency: whop.Ptr(whop.CurrencyUSD)})
	require.NoError(t, err)
	sub, err := c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: renewing.ID, MemberID: w.member.ID, PaymentMethodID: &w.card.ID})
	require.NoError(t, err)
	mem := sub.Membership.ID

	const api = whoptest.BasePath
	cases := []struct {
		pattern, method, path, body string
		typ                         reflect.Type
		emptyPage                   bool
	}{
		{pattern: "GET " + api + "/products", path: "/products?company_id=" + co, typ: typeOf[whop.Page[whop.ProductListItem]]()},
		{pattern: "GET " + api + "/products", path: "/products?company_id=" + co + "&visibilities[]=archived", typ: typeOf[whop.Page[whop.ProductListItem]](), emptyPage: true},
		{pattern: "POST " + api + "/products", path: "/products", body: `{"company_id":"` + co + `","title":"Wire","metadata":{"k":"v"}}`, typ: typeOf[whop.Product]()},
		{pattern: "GET " + api + "/products/{id}", path: "/products/" + prod.ID, typ: typeOf[whop.Product]()},
		{pattern: "PATCH " + api + "/products/{id}", path: "/products/" + prod.ID, body: `{"headline":"h"}`, typ: typeOf[whop.Product]()},
		{pattern: "DELETE " + api + "/products/{id}", path: "/products/" + prod.ID, typ: typeOf[bool]()},

		{pattern: "GET " + api + "/payments", path: "/payments?company_id=" + co + "&include_free=true", typ: typeOf[whop.Page[whop.PaymentListItem]]()},
		{pattern: "GET " + api + "/payments", path: "/payments?company_id=" + co + "&currencies[]=jpy", typ: typeOf[whop.Page[whop.PaymentListItem]](), emptyPage: true},
		{pattern: "POST " + api + "/payments", path: "/payments", body: `{"company_id":"` + co + `","plan_id":"` + w.planID + `","member_id":"` + w.member.ID + `"}`, typ: typeOf[whop.Payment]()},
		{pattern: "GET " + api + "/payments/{id}", path: "/payments/" + paid.ID, typ: typeOf[whop.Payment]()},
		{pattern: "GET " + api + "/payments/{id}", path: "/payments/" + failed.ID, typ: typeOf[whop.Payment]()},
		{pattern: "GET " + api + "/payments/{id}/fees", path: "/payments/" + paid.ID + "/fees", typ: typeOf[whop.Page[whop.PaymentFee]]()},
		{pattern: "GET " + api + "/payments/{id}/fees", path: "/payments/" + failed.ID + "/fees", typ: typeOf[whop.Page[whop.PaymentFee]](), emptyPage: true},
		{pattern: "POST " + api + "/payments/{id}/refund", path: "/payments/" + paid.ID + "/refund", body: `{"partial_amount":10}`, typ: typeOf[whop.Payment]()},
		{pattern: "POST " + api + "/payments/{id}/retry", path: "/payments/" + failed.ID + "/retry", typ: typeOf[whop.Payment]()},
		{pattern: "POST " + api + "/payments/{id}/void", path: "/payments/" + held.ID + "/void", typ: typeOf[whop.Payment]()},

		{pattern: "GET " + api + "/payment_methods", path: "/payment_methods?member_id=" + w.member.ID, typ: typeOf[whop.Page[whop.PaymentMethod]]()},
		{pattern: "GET " + api + "/payment_methods", path: "/payment_methods?company_id=" + co + "&created_before=2000-01-01T00:00:00Z", typ: typeOf[whop.Page[whop.PaymentMethod]](), emptyPage: true},
		{pattern: "GET " + api + "/payment_methods/{id}", path: "/payment_methods/" + w.card.ID, typ: typeOf[whop.PaymentMethod]()},

		{pattern: "GET " + api + "/checkout_configurations", path: "/checkout_configurations?company_id=" + co, typ: typeOf[whop.Page[whop.CheckoutConfiguration]]()},
		{pattern: "GET " + api + "/checkout_configurations", path: "/checkout_configurations?company_id=" + co + "&plan_id=plan_none", typ: typeOf[whop.Page[whop.CheckoutConfiguration]](), emptyPage: true},
		{pattern: "POST " + api + "/checkout_configurations", path: "/checkout_configurations", body: `{"plan_id":"` + w.planID + `","payment_method_configuration":{"enabled":["card"]}}`, typ: typeOf[whop.CheckoutConfiguration]()},
		{pattern: "POST " + api + "/checkout_configurations", path: "/checkout_configurations", body: `{"mode":"setup","company_id":"` + co + `"}`, typ: typeOf[whop.CheckoutConfiguration]()},
		{pattern: "GET " + api + "/checkout_configurations/{id}", path: "/checkout_configurations/" + chk.ID, typ: typeOf[whop.CheckoutConfiguration]()},

		{pattern: "GET " + api + "/company_token_transactions", path: "/company_token_transactions?company_id=" + co, typ: typeOf[whop.Page[whop.CompanyTokenTransaction]]()},
		{pattern: "GET " + api + "/company_token_transactions", path: "/company_token_transactions?company_id=" + co + "&user_id=user_none", typ: typeOf[whop.Page[whop.CompanyTokenTransaction]](), emptyPage: true},
		{pattern: "POST " + api + "/company_token_transactions", path: "/company_token_transactions", body: `{"transaction_type":"add","amount":1,"company_id":"` + co + `","user_id":"` + w.member.UserID + `","idempotency_key":"wire-1"}`, typ: typeOf[whop.CompanyTokenTransaction]()},
		{pattern: "GET " + api + "/company_token_transactions/{id}", path: "/company_token_transactions/" + tx.ID, typ: typeOf[whop.CompanyTokenTransaction]()},

		{pattern: "POST " + api + "/access_tokens", path: "/access_tokens", body: `{"company_id":"` + co + `"}`, typ: typeOf[whop.AccessToken]()},

		{pattern: "GET " + api + "/memberships", path: "/memberships?company_id=" + co, typ: typeOf[whop.Page[whop.MembershipListItem]]()},
		{pattern: "GET " + api + "/memberships", path: "/memberships?company_id=" + co + "&user_ids[]=user_none", typ: typeOf[whop.Page[whop.MembershipListItem]](), emptyPage: true},
		{pattern: "GET " + api + "/memberships/{id}", path: "/memberships/" + mem, typ: typeOf[whop.Membership]()},
		{pattern: "PATCH " + api + "/memberships/{id}", path: "/memberships/" + mem, body: `{"metadata":{"k":"v"}}`, typ: typeOf[whop.Membership]()},
		{pattern: "POST " + api + "/memberships/{id}/cancel", path: "/memberships/" + mem + "/cancel", body: `{"cancellation_mode":"at_period_end"}`, typ: typeOf[whop.Membership]()},
		{pattern: "POST " + api + "/memberships/{id}/uncancel", path: "/memberships/" + mem + "/uncancel", typ: typeOf[whop.Membership]()},
		{pattern: "POST " + api + "/memberships/{id}/pause", path: "/memberships/" + mem + "/pause", body: `{}`, typ: typeOf[whop.Membership]()},
		{pattern: "POST " + api + "/memberships/{id}/resume", path: "/memberships/" + mem + "/resume", typ: typeOf[whop.Membership]()},
		{pattern: "POST " + api + "/memberships/{id}/add_free_days", path: "/memberships/" + mem + "/add_free_days", body: `{"free_days":3}`, typ: typeOf[whop.Membership]()},

		{pattern: "GET " + api + "/users", path: "/users", typ: typeOf[whop.Page[whop.User]]()},
		{pattern: "GET " + api + "/users/{id}", path: "/users/" + w.member.UserID, typ: typeOf[whop.User]()},
		{pattern: "PATCH " + api + "/users/{id}", path: "/users/" + w.member.UserID, body: `{"bio":"b"}`, typ: typeOf[whop.User]()},
		{pattern: "GET " + api + "/users/{id}/access/{resource_id}", path: "/users/" + w.member.UserID + "/access/" + planOf.Product.ID, typ: typeOf[whop.UserAccess]()},

		{pattern: "GET " + api + "/members", path: "/members?company_id=" + co, typ: typeOf[whop.Page[whop.MemberListItem]]()},
		{pattern: "GET " + api + "/members/{id}", path: "/members/" + w.member.ID, typ: typeOf[whop.Member]()},

		{pattern: "GET " + api + "/plans", path: "/plans?company_id=" + co, typ: typeOf[whop.Page[whop.PlanListItem]]()},
		{pattern: "POST " + api + "/plans", path: "/plans", body: `{"company_id":"` + co + `","product_id":"` + planOf.Product.ID + `"}`, typ: typeOf[whop.Plan]()},
		{pattern: "GET " + api + "/plans/{id}", path: "/plans/" + w.planID, typ: typeOf[whop.Plan]()},
		{pattern: "PATCH " + api + "/plans/{id}", path: "/plans/" + w.planID, body: `{"internal_notes":"n"}`, typ: typeOf[whop.Plan]()},
		{pattern: "DELETE " + api + "/plans/{id}", path: "/plans/" + doomedPlan.ID, typ: typeOf[bool]()},

		{pattern: "GET " + api + "/promo_codes", path: "/promo_codes?company_id=" + co, typ: typeOf[whop.Page[whop.PromoCodeListItem]]()},
		{pattern: "POST " + api + "/promo_codes", path: "/promo_codes", body: `{"company_id":"` + co + `","code":"WIRE2","amount_off":2,"base_currency":"usd","promo_type":"flat_amount","promo_duration_months":0,"new_users_only":false}`, typ: typeOf[whop.PromoCode]()},
		{pattern: "GET " + api + "/promo_codes/{id}", path: "/promo_codes/" + promo.ID, typ: typeOf[whop.PromoCode]()},
		{pattern: "DELETE " + api + "/promo_codes/{id}", path: "/promo_codes/" + promo.ID, typ: typeOf[bool]()},

		{pattern: "GET " + api + "/refunds", path: "/refunds?payment_id=" + paid.ID, typ: typeOf[whop.Page[whop.Refund]]()},
		{pattern: "GET " + api + "/refunds", path: "/refunds?payment_id=pay_none", typ: typeOf[whop.Page[whop.Refund]](), emptyPage: true},
		{pattern: "GET " + api + "/refunds/{id}", path: "/refunds/" + refunds.Data[0].ID, typ: typeOf[whop.Refund]()},

		{pattern: "GET " + api + "/disputes", path: "/disputes?company_id=" + co, typ: typeOf[whop.Page[whop.Dispute]]()},
		{pattern: "GET " + api + "/disputes/{id}", path: "/disputes/" + dispute, typ: typeOf[whop.Dispute]()},
		{pattern: "POST " + api + "/disputes/{id}/update_evidence", path: "/disputes/" + dispute + "/update_evidence", body: `{"notes":"n","uncategorized_attachment":{"id":"file_1"}}`, typ: typeOf[whop.Dispute]()},
		{pattern: "POST " + api + "/disputes/{id}/submit_evidence", path: "/disputes/" + dispute + "/submit_evidence", typ: typeOf[whop.Dispute]()},

		{pattern: "GET " + api + "/invoices", path: "/invoices?company_id=" + co, typ: typeOf[whop.Page[whop.Invoice]]()},
		{pattern: "GET " + api + "/invoices", path: "/invoices?statuses[]=paid", typ: typeOf[whop.Page[whop.Invoice]](), emptyPage: true},
		{pattern: "POST " + api + "/invoices", path: "/invoices", body: `{"company_id":"` + co + `","collection_method":"send_invoice","plan":{"initial_price":5},"product":{"title":"Wire"},"email_address":"a@example.com","customer_name":"A","due_date":"2030-01-01T00:00:00Z"}`, typ: typeOf[whop.Invoice]()},
		{pattern: "GET " + api + "/invoices/{id}", path: "/invoices/" + voidInv, typ: typeOf[whop.Invoice]()},
		{pattern: "PATCH " + api + "/invoices/{id}", path: "/invoices/" + draftInv, body: `{"email_address":"b@example.com"}`, typ: typeOf[whop.Invoice]()},
		{pattern: "DELETE " + api + "/invoices/{id}", path: "/invoices/" + draftInv, typ: typeOf[bool]()},
		{pattern: "POST " + api + "/invoices/{id}/void", path: "/invoices/" + voidInv + "/void", typ: typeOf[bool]()},
		{pattern: "POST " + api + "/invoices/{id}/mark_paid", path: "/invoices/" + paidInv + "/mark_paid", typ: typeOf[bool]()},
		{pattern: "POST " + api + "/invoices/{id}/mark_uncollectible", path: "/invoices/" + lostInv + "/mark_uncollectible", typ: typeOf[bool]()},

		{pattern: "GET " + api + "/webhooks", path: "/webhooks?company_id=" + co, typ: typeOf[whop.Page[whop.WebhookEndpoint]]()},
		{pattern: "POST " + api + "/webhooks", path: "/webhooks", body: `{"url":"https://example.com/other","events":["invoice.paid"]}`, typ: typeOf[whop.CreatedWebhookEndpoint]()},
		{pattern: "GET " + api + "/webhooks/{id}", path: "/webhooks/" + hook.ID, typ: typeOf[whop.WebhookEndpoint]()},
		{pattern: "PATCH " + api + "/webhooks/{id}", path: "/webhooks/" + hook.ID, body: `{"enabled":false}`, typ: typeOf[whop.WebhookEndpoint]()},
		{pattern: "DELETE " + api + "/webhooks/{id}", path: "/webhooks/" + hook.ID, typ: typeOf[bool]()},
	}

	covered := map[string]bool{}
	for _, tc := range cases {
		method, _, _ := strings.Cut(tc.pattern, " ")
		label := method + " " + tc.path
		status, body := rawDo(t, srv, method, tc.path, tc.body)
		if !assert.Equal(t, http.StatusOK, status, "%s: %s", label, body) {
			continue
		}
		covered[tc.pattern] = true
		checkWire(t, label, body, tc.typ)
		if tc.emptyPage {
			var page struct {
				Data     []json.RawMessage          `json:"data"`
				PageInfo map[string]json.RawMessage `json:"page_info"`
			}
			require.NoError(t, json.Unmarshal(body, &page))
			assert.Empty(t, page.Data, label)
			assert.Equal(t, "null", string(page.PageInfo["start_cursor"]), "%s: start_cursor of an empty page", label)
			assert.Equal(t, "null", string(page.PageInfo["end_cursor"]), "%s: end_cursor of an empty page", label)
		}
	}
	for _, p := range srv.Patterns() {
		assert.True(t, covered[p], "route %s has no case in this test", p)
	}
}

// The fake keeps the metadata a product is created with, and a payment
// list item carries every key of the nested plan, product and membership
// that API version 2025-01-01 declares.
func TestProductMetadataKeptThroughPayments(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	co := srv.CompanyID()
	m := srv.SeedMember("Grace Hopper")
	card, err := srv.SeedPaymentMethod(m.ID, whop.PaymentMethodVariantCard)
	require.NoError(t, err)

	meta := map[string]any{"crm_id": "acct_7", "seats": 3.0}
	prod, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: co, Title: "Team plan", Metadata: meta})
	require.NoError(t, err)
	assert.Equal(t, meta, prod.Metadata)
	got, err := c.Products.Get(ctx, prod.ID)
	require.NoError(t, err)
	assert.Equal(t, meta, got.Metadata)
	list, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: co})
	require.NoError(t, err)
	require.Len(t, list.Data, 1)
	assert.Equal(t, meta, list.Data[0].Metadata)

	planID, err := srv.SeedPlan(prod.ID, 20, whop.CurrencyUSD)
	require.NoError(t, err)
	p, err := c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: planID, MemberID: m.ID, PaymentMethodID: &card.ID})
	require.NoError(t, err)
	assert.Equal(t, meta, p.Product.Metadata)
	assert.NotNil(t, p.FinancingTransactions, "an array, not null")

	status, body := rawGet(t, srv, "/payments?company_id="+co)
	require.Equal(t, http.StatusOK, status, "%s", body)
	var rows struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	require.NoError(t, json.Unmarshal(body, &rows))
	require.Len(t, rows.Data, 1)
	item := map[string]map[string]json.RawMessage{}
	for _, k := range []string{"plan", "product", "membership"} {
		var obj map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(rows.Data[0][k], &obj), k)
		item[k] = obj
	}
	assert.Contains(t, item["plan"], "metadata")
	assert.Contains(t, item["plan"], "internal_notes")
	assert.JSONEq(t, `{"crm_id":"acct_7","seats":3}`, string(item["product"]["metadata"]))
	assert.Contains(t, item["membership"], "phone_number")

	upd, err := c.Products.Update(ctx, prod.ID, &whop.ProductUpdateParams{Metadata: whop.Null[map[string]any]()})
	require.NoError(t, err)
	assert.Nil(t, upd.Metadata)
}

// TestEmittedWebhooksDecodeWithTypedAccessors drives every payment
// lifecycle the fake models, then decodes each webhook it sent: the
// envelope strictly into whop.WebhookEvent, and the data with the typed
// accessor of its family, strictly into that type as well. An event type
// with neither an accessor here nor an entry in awaitingAccessor fails the
// test, so a new event in the fake needs a case.
func TestEmittedWebhooksDecodeWithTypedAccessors(t *testing.T) {
	const secret = "ws_interop_secret"
	v, err := whop.NewWebhookVerifier(secret)
	require.NoError(t, err)
	var mu sync.Mutex
	var received int
	receiver := httptest.NewServer(whop.WebhookHandler(v, func(context.Context, *whop.WebhookEvent) error {
		mu.Lock()
		received++
		mu.Unlock()
		return nil
	}))
	defer receiver.Close()

	w := newWorld(t)
	ctx := context.Background()
	co := w.srv.CompanyID()
	require.NoError(t, w.srv.SendWebhooksTo(receiver.URL, secret))

	paid := w.pay(t)                                                                                    // payment.created, payment.succeeded
	_, err = w.c.Payments.Refund(ctx, paid.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(5.0)}) // refund.created
	require.NoError(t, err)
	declining, err := w.srv.SeedPaymentMethod(w.member.ID, whop.PaymentMethodVariantCard, whoptest.Declining())
	require.NoError(t, err)
	failed, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: w.planID, MemberID: w.member.ID,
		PaymentMethodID: &declining.ID}) // payment.created, payment.failed
	require.NoError(t, err)
	w.srv.SetDeclining(declining.ID, false)
	_, err = w.c.Payments.Retry(ctx, failed.ID) // payment.succeeded
	require.NoError(t, err)
	held, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: w.planID, MemberID: w.member.ID,
		PaymentMethodID: &w.card.ID, Capture: whop.Ptr(false)}) // payment.created, payment.authorized
	require.NoError(t, err)
	_, err = w.c.Payments.Void(ctx, held.ID) // payment.canceled
	require.NoError(t, err)

	// The membership lifecycle of a renewing plan.
	planOf, err := w.c.Plans.Get(ctx, w.planID)
	require.NoError(t, err)
	renewing, err := w.c.Plans.Create(ctx, &whop.PlanCreateParams{CompanyID: co, ProductID: planOf.Product.ID,
		PlanType: whop.Ptr(whop.PlanTypeRenewal), BillingPeriod: whop.Ptr(30), RenewalPrice: whop.Ptr(9.0), Currency: whop.Ptr(whop.CurrencyUSD)})
	require.NoError(t, err)
	sub, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: renewing.ID, MemberID: w.member.ID,
		PaymentMethodID: &w.card.ID}) // membership.activated
	require.NoError(t, err)
	_, err = w.c.Memberships.Cancel(ctx, sub.Membership.ID, &whop.MembershipCancelParams{
		CancellationMode: whop.Ptr(whop.CancellationModeAtPeriodEnd)}) // membership.cancel_at_period_end_changed
	require.NoError(t, err)
	_, err = w.c.Memberships.Cancel(ctx, sub.Membership.ID, &whop.MembershipCancelParams{
		CancellationMode: whop.Ptr(whop.CancellationModeImmediate)}) // membership.deactivated
	require.NoError(t, err)

	// Disputes and invoices.
	dispute, err := w.srv.SeedDispute(paid.ID) // dispute.created
	require.NoError(t, err)
	_, err = w.c.Disputes.UpdateEvidence(ctx, dispute, &whop.DisputeUpdateEvidenceParams{Notes: whop.Value("n")}) // dispute.updated
	require.NoError(t, err)
	inv, err := w.c.Invoices.Create(ctx, &whop.InvoiceCreateParams{CompanyID: co, CollectionMethod: whop.CollectionMethodSendInvoice,
		Product: &whop.InvoiceProductParams{Title: "Billed"}, MemberID: &w.member.ID,
		DueDate: whop.Ptr(time.Now().Add(time.Hour))}) // invoice.created
	require.NoError(t, err)
	require.NoError(t, w.c.Invoices.MarkPaid(ctx, inv.ID)) // invoice.paid

	accessors := map[string]accessorCase{
		"payment.":    typedAccessor((*whop.WebhookEvent).Payment),
		"membership.": typedAccessor((*whop.WebhookEvent).Membership),
		"refund.":     typedAccessor((*whop.WebhookEvent).Refund),
		"dispute.":    typedAccessor((*whop.WebhookEvent).Dispute),
		"invoice.":    typedAccessor((*whop.WebhookEvent).Invoice),
	}
	// Events the fake sends whose typed accessor is still to come.
	awaitingAccessor := map[whop.WebhookEventType]bool{}

	deliveries := w.srv.Deliveries()
	seen := map[whop.WebhookEventType]bool{}
	for _, d := range deliveries {
		assert.Equal(t, http.StatusOK, d.StatusCode, "%s signed so that WebhookHandler accepts it", d.Type)
		dec := json.NewDecoder(bytes.NewReader(d.Body))
		dec.DisallowUnknownFields()
		var ev whop.WebhookEvent
		require.NoError(t, dec.Decode(&ev), "envelope of %s", d.Type)
		assert.Equal(t, d.Type, ev.Type)
		assert.Equal(t, co, ev.CompanyID)
		seen[ev.Type] = true
		if awaitingAccessor[ev.Type] {
			continue
		}
		family, _, _ := strings.Cut(string(ev.Type), ".")
		acc, ok := accessors[family+"."]
		if !assert.True(t, ok, "no typed accessor covers %s", ev.Type) {
			continue
		}
		id, err := acc.decode(&ev)
		if assert.NoError(t, err, "%s", ev.Type) {
			assert.NotEmpty(t, id, "%s", ev.Type)
		}
		checkWire(t, string(ev.Type)+" data", ev.Data, acc.typ)
	}
	mu.Lock()
	assert.Equal(t, len(deliveries), received)
	mu.Unlock()
	assert.Equal(t, map[whop.WebhookEventType]bool{
		whop.WebhookEventPaymentCreated: true, whop.WebhookEventPaymentSucceeded: true, whop.WebhookEventPaymentFailed: true,
		whop.WebhookEventPaymentAuthorized: true, whop.WebhookEventPaymentCanceled: true, whop.WebhookEventRefundCreated: true,
		whop.WebhookEventMembershipActivated: true, whop.WebhookEventMembershipDeactivated: true,
		whop.WebhookEventMembershipCancelAtPeriodEndChanged: true,
		whop.WebhookEventDisputeCreated:                     true, whop.WebhookEventDisputeUpdated: true,
		whop.WebhookEventInvoiceCreated: true, whop.WebhookEventInvoicePaid: true,
	}, seen, "the event types the README says the fake emits")
}
