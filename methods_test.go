package whop

import (
	"context"
	"iter"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Bodies a fake server answers with, one per kind of result.
const (
	objectBody = `{"id":"obj_1"}`
	pageBody   = `{"data":[{"id":"obj_1"}],"page_info":{"has_next_page":false,"has_previous_page":false}}`
	deleteBody = `true`
	tokenBody  = `{"token":"tok_1","expires_at":"2030-01-01T00:00:00Z"}`
	accessBody = `{"has_access":true,"access_level":"customer"}`
)

// methodCall is one way of calling one client method with valid arguments.
type methodCall struct {
	// name is "Service.Method", as the Client's field and the method are
	// spelled.
	name string
	// ok is the body of a 2xx answer that the method accepts as a result.
	ok string
	// object says the method returns a single object that an answer
	// always identifies (an id; a token for access tokens).
	object bool
	call   func(ctx context.Context, c *Client) (any, error)
}

// firstErr runs an iterator to its end and returns the first error.
func firstErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// everyMethod lists every client method that sends a request. A method
// added to a service must be added here: TestEveryMethodIsListed fails
// until it is, so that the properties tested over this table (a 2xx is
// final, an object without an id is refused) cover it too.
func everyMethod() []methodCall {
	plan := "plan_1"
	return []methodCall{
		{"Products.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Products.List(ctx, &ProductListParams{CompanyID: "biz_1"})
		}},
		{"Products.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Products.ListAll(ctx, &ProductListParams{CompanyID: "biz_1"}))
		}},
		{"Products.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Products.Get(ctx, "prod_1")
		}},
		{"Products.Create", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Products.Create(ctx, &ProductCreateParams{CompanyID: "biz_1", Title: "t"})
		}},
		{"Products.Update", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Products.Update(ctx, "prod_1", &ProductUpdateParams{Title: Value("t")})
		}},
		{"Products.Delete", deleteBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Products.Delete(ctx, "prod_1")
		}},

		{"Payments.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Payments.List(ctx, nil)
		}},
		{"Payments.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Payments.ListAll(ctx, nil))
		}},
		{"Payments.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Payments.Get(ctx, "pay_1")
		}},
		{"Payments.Create", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Payments.Create(ctx, &PaymentCreateParams{CompanyID: "biz_1", PlanID: plan, MemberID: "mber_1"})
		}},
		{"Payments.ListFees", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Payments.ListFees(ctx, "pay_1", nil)
		}},
		{"Payments.ListAllFees", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Payments.ListAllFees(ctx, "pay_1", nil))
		}},
		{"Payments.Refund", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Payments.Refund(ctx, "pay_1", nil)
		}},
		{"Payments.Retry", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Payments.Retry(ctx, "pay_1")
		}},
		{"Payments.Void", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Payments.Void(ctx, "pay_1")
		}},

		{"CheckoutConfigurations.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.CheckoutConfigurations.List(ctx, &CheckoutConfigurationListParams{CompanyID: "biz_1"})
		}},
		{"CheckoutConfigurations.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.CheckoutConfigurations.ListAll(ctx, &CheckoutConfigurationListParams{CompanyID: "biz_1"}))
		}},
		{"CheckoutConfigurations.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.CheckoutConfigurations.Get(ctx, "ch_1")
		}},
		{"CheckoutConfigurations.Create", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.CheckoutConfigurations.Create(ctx, &CheckoutConfigurationCreateParams{PlanID: plan})
		}},

		{"PaymentMethods.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.PaymentMethods.List(ctx, &PaymentMethodListParams{MemberID: "mber_1"})
		}},
		{"PaymentMethods.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.PaymentMethods.ListAll(ctx, &PaymentMethodListParams{MemberID: "mber_1"}))
		}},
		{"PaymentMethods.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.PaymentMethods.Get(ctx, "payt_1", &PaymentMethodGetParams{MemberID: "mber_1"})
		}},

		{"CompanyTokenTransactions.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.CompanyTokenTransactions.List(ctx, &CompanyTokenTransactionListParams{CompanyID: "biz_1"})
		}},
		{"CompanyTokenTransactions.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.CompanyTokenTransactions.ListAll(ctx, &CompanyTokenTransactionListParams{CompanyID: "biz_1"}))
		}},
		{"CompanyTokenTransactions.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.CompanyTokenTransactions.Get(ctx, "cttx_1")
		}},
		{"CompanyTokenTransactions.Create", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.CompanyTokenTransactions.Create(ctx, &CompanyTokenTransactionCreateParams{
				TransactionType: CompanyTokenTransactionTypeAdd, Amount: 1, CompanyID: "biz_1", UserID: "user_1"})
		}},

		{"AccessTokens.Create", tokenBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.AccessTokens.Create(ctx, &AccessTokenCreateParams{CompanyID: "biz_1"})
		}},

		{"Refunds.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Refunds.List(ctx, nil)
		}},
		{"Refunds.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Refunds.ListAll(ctx, nil))
		}},
		{"Refunds.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Refunds.Get(ctx, "rfnd_1")
		}},

		{"Disputes.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Disputes.List(ctx, &DisputeListParams{CompanyID: "biz_1"})
		}},
		{"Disputes.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Disputes.ListAll(ctx, &DisputeListParams{CompanyID: "biz_1"}))
		}},
		{"Disputes.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Disputes.Get(ctx, "dspt_1")
		}},
		{"Disputes.UpdateEvidence", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Disputes.UpdateEvidence(ctx, "dspt_1", &DisputeUpdateEvidenceParams{Notes: Value("n")})
		}},
		{"Disputes.SubmitEvidence", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Disputes.SubmitEvidence(ctx, "dspt_1")
		}},

		{"Memberships.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Memberships.List(ctx, nil)
		}},
		{"Memberships.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Memberships.ListAll(ctx, nil))
		}},
		{"Memberships.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Memberships.Get(ctx, "mem_1")
		}},
		{"Memberships.Update", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Memberships.Update(ctx, "mem_1", &MembershipUpdateParams{Metadata: Value(map[string]any{"k": "v"})})
		}},
		{"Memberships.Cancel", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Memberships.Cancel(ctx, "mem_1", nil)
		}},
		{"Memberships.Pause", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Memberships.Pause(ctx, "mem_1", nil)
		}},
		{"Memberships.Resume", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Memberships.Resume(ctx, "mem_1")
		}},
		{"Memberships.Uncancel", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Memberships.Uncancel(ctx, "mem_1")
		}},
		{"Memberships.AddFreeDays", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Memberships.AddFreeDays(ctx, "mem_1", &MembershipAddFreeDaysParams{FreeDays: 3})
		}},

		{"Users.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Users.List(ctx, nil)
		}},
		{"Users.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Users.ListAll(ctx, nil))
		}},
		{"Users.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Users.Get(ctx, "user_1", nil)
		}},
		{"Users.Update", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Users.Update(ctx, "user_1", &UserUpdateParams{})
		}},
		{"Users.CheckAccess", accessBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Users.CheckAccess(ctx, "user_1", "prod_1")
		}},

		{"Members.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Members.List(ctx, nil)
		}},
		{"Members.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Members.ListAll(ctx, nil))
		}},
		{"Members.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Members.Get(ctx, "mber_1")
		}},

		{"Plans.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Plans.List(ctx, &PlanListParams{CompanyID: "biz_1"})
		}},
		{"Plans.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Plans.ListAll(ctx, &PlanListParams{CompanyID: "biz_1"}))
		}},
		{"Plans.Create", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Plans.Create(ctx, &PlanCreateParams{CompanyID: "biz_1", ProductID: "prod_1"})
		}},
		{"Plans.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Plans.Get(ctx, plan)
		}},
		{"Plans.Update", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Plans.Update(ctx, plan, &PlanUpdateParams{})
		}},
		{"Plans.Delete", deleteBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Plans.Delete(ctx, plan)
		}},

		{"PromoCodes.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.PromoCodes.List(ctx, &PromoCodeListParams{CompanyID: "biz_1"})
		}},
		{"PromoCodes.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.PromoCodes.ListAll(ctx, &PromoCodeListParams{CompanyID: "biz_1"}))
		}},
		{"PromoCodes.Create", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.PromoCodes.Create(ctx, &PromoCodeCreateParams{CompanyID: "biz_1", Code: "SAVE", AmountOff: 10,
				BaseCurrency: CurrencyUSD, PromoType: PromoTypePercentage})
		}},
		{"PromoCodes.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.PromoCodes.Get(ctx, "promo_1")
		}},
		{"PromoCodes.Delete", deleteBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.PromoCodes.Delete(ctx, "promo_1")
		}},

		{"Invoices.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Invoices.List(ctx, nil)
		}},
		{"Invoices.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Invoices.ListAll(ctx, nil))
		}},
		{"Invoices.Create", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Invoices.Create(ctx, &InvoiceCreateParams{CompanyID: "biz_1", CollectionMethod: CollectionMethodSendInvoice,
				ProductID: "prod_1", SaveAsDraft: Ptr(true)})
		}},
		{"Invoices.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Invoices.Get(ctx, "inv_1")
		}},
		{"Invoices.Update", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Invoices.Update(ctx, "inv_1", &InvoiceUpdateParams{EmailAddress: Value("a@example.com")})
		}},
		{"Invoices.Delete", deleteBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Invoices.Delete(ctx, "inv_1")
		}},
		{"Invoices.Void", deleteBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Invoices.Void(ctx, "inv_1")
		}},
		{"Invoices.MarkPaid", deleteBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Invoices.MarkPaid(ctx, "inv_1")
		}},
		{"Invoices.MarkUncollectible", deleteBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Invoices.MarkUncollectible(ctx, "inv_1")
		}},

		{"Webhooks.List", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return c.Webhooks.List(ctx, &WebhookEndpointListParams{CompanyID: "biz_1"})
		}},
		{"Webhooks.ListAll", pageBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, firstErr(c.Webhooks.ListAll(ctx, &WebhookEndpointListParams{CompanyID: "biz_1"}))
		}},
		{"Webhooks.Create", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Webhooks.Create(ctx, &WebhookEndpointCreateParams{URL: "https://example.com/h"})
		}},
		{"Webhooks.Get", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Webhooks.Get(ctx, "hook_1")
		}},
		{"Webhooks.Update", objectBody, true, func(ctx context.Context, c *Client) (any, error) {
			return c.Webhooks.Update(ctx, "hook_1", &WebhookEndpointUpdateParams{Enabled: Value(false)})
		}},
		{"Webhooks.Delete", deleteBody, false, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Webhooks.Delete(ctx, "hook_1")
		}},
	}
}

// TestEveryMethodIsListed keeps everyMethod complete: every exported method
// of every service the Client holds must be in it.
func TestEveryMethodIsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, m := range everyMethod() {
		assert.False(t, listed[m.name], "%s is listed twice", m.name)
		listed[m.name] = true
	}
	var missing []string
	ct := reflect.TypeOf(Client{})
	for i := 0; i < ct.NumField(); i++ {
		f := ct.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			continue
		}
		for j := 0; j < f.Type.NumMethod(); j++ {
			name := f.Name + "." + f.Type.Method(j).Name
			if !listed[name] {
				missing = append(missing, name)
			}
			delete(listed, name)
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "client methods missing from everyMethod")
	assert.Empty(t, listed, "everyMethod lists methods the client does not have")
}
