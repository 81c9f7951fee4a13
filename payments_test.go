package whop

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPaymentDecodeFullFixture(t *testing.T) {
	p := assertRoundTrip[Payment](t, fixture(t, "payment.json"))

	assert.Equal(t, "pay_Qm9vZ2hX3kT1aa", p.ID)
	assert.Equal(t, PaymentStatusPaid, *p.Status)
	assert.Equal(t, PaymentSubstatusPartiallyRefunded, p.Substatus)
	assert.True(t, p.Refundable)
	assert.Equal(t, time.Date(2024, 3, 14, 15, 9, 26, 535_000_000, time.UTC), p.CreatedAt)
	assert.Equal(t, time.Date(2024, 3, 16, 0, 0, 0, 0, time.UTC), *p.SettlementTimeAt)
	assert.Equal(t, CurrencyUSD, p.Currency)
	assert.Equal(t, 39.99, *p.Total)
	assert.Equal(t, 36.43, p.AmountAfterFees)
	assert.Equal(t, 10.0, *p.RefundedAmount)
	assert.Equal(t, PaymentTaxBehaviorExclusive, *p.TaxBehavior)
	assert.Equal(t, BillingReasonSubscriptionCycle, *p.BillingReason)
	assert.Equal(t, CardBrandVisa, *p.CardBrand)
	assert.Equal(t, PaymentMethodTypeCard, *p.PaymentMethodType)
	assert.Nil(t, p.DeclineCode)
	assert.Equal(t, "pay_Qm9vZ2hX3kT1aa_secret_v1_k8Jd2pQx", *p.ClientSecret)

	assert.Equal(t, map[string]any{"tier": "pro", "seats": float64(5)}, p.Plan.Metadata)
	assert.Equal(t, "pickaxe-analytics", p.Product.Route)
	assert.Equal(t, "johndoe42", p.User.Username)
	assert.Equal(t, MembershipStatusActive, p.Membership.Status)
	assert.Equal(t, "mber_Cd9eF1gH3iJ5k", p.Member.ID)
	assert.Equal(t, "fp_9Xq2Lm4Np6Rt", *p.PaymentMethod.Card.Fingerprint)
	assert.Equal(t, "Visa •••• 4242", p.PaymentInstrument.DisplayName)
	assert.Equal(t, "https://assets.whop.com/payment-icons/visa/square-dark@2x.png", p.PaymentInstrument.Icons.Square.Dark.PNG2x)
	assert.Equal(t, CompanyRef{ID: "biz_Uv5wX7yZ9aB1c", Route: "pickaxe", Title: "Pickaxe"}, *p.Company)
	assert.Equal(t, PromoTypePercentage, p.PromoCode.PromoType)
	assert.Equal(t, "10118", *p.BillingAddress.PostalCode)
	assert.Nil(t, p.ShippingAddress.Line2)
	assert.Equal(t, ShipmentStatusInTransit, p.Shipment.Status)
	assert.Equal(t, 0.5, p.ApplicationFee.AmountRefunded)
	assert.Equal(t, "pass", *p.VerificationChecks.CardSecurityCode)
	require.Len(t, p.Fees, 3)
	assert.Equal(t, PaymentFee{Name: "Payment processing", Type: PaymentFeeTypePaymentProcessingPercentageFee, Amount: 1.16, Currency: CurrencyUSD}, p.Fees[0])
	assert.Equal(t, RefundStatusSucceeded, p.Refunds[0].Status)
	assert.Equal(t, DisputeStatus("needs_response"), p.Disputes[0].Status)
	assert.Equal(t, []ResolutionMerchantResponse{ResolutionMerchantResponseAccept, ResolutionMerchantResponseDeny, ResolutionMerchantResponseRequestMoreInfo},
		p.Resolutions[0].MerchantResponseActions)
	assert.Equal(t, ResolutionIssueItemNotReceived, p.Resolutions[0].Issue)
	assert.NotNil(t, p.RiskSignals["buyer"])
	assert.Empty(t, p.FinancingTransactions)
}

// The answer of Refund, Retry and Void has no client_secret, and most
// nullable fields may be null: both must survive a round trip unchanged.
func TestPaymentDecodeNullsAndNoClientSecret(t *testing.T) {
	p := assertRoundTrip[Payment](t, fixture(t, "payment_refunded.json"))
	assert.Nil(t, p.ClientSecret)
	assert.Nil(t, p.Membership)
	assert.Nil(t, p.Disputes)
	assert.Nil(t, p.Metadata)
	assert.Nil(t, p.PaymentInstrument.Card)
	assert.Equal(t, 4, *p.PaymentInstrument.InstallmentCount)
	assert.Equal(t, CurrencyEUR, p.SettlementCurrency)
	require.Len(t, p.FinancingTransactions, 2)
	assert.Equal(t, PaymentTransactionType("refund"), p.FinancingTransactions[1].TransactionType)
	assert.Equal(t, PaymentTransactionStatus("pending"), p.FinancingTransactions[1].Status)
}

func TestPaymentDecodeUnknownEnumValues(t *testing.T) {
	doc := fixture(t, "payment.json")
	for _, r := range [][2]string{
		{`"status": "paid"`, `"status": "escrowed"`},
		{`"substatus": "partially_refunded"`, `"substatus": "chargeback_reversed"`},
		{`"card_brand": "visa"`, `"card_brand": "galaxycard"`},
		{`"billing_reason": "subscription_cycle"`, `"billing_reason": "usage_overage"`},
		{`"currency": "usd",
  "total"`, `"currency": "xyz",
  "total"`},
		{`"type": "whop_processing_fee"`, `"type": "carbon_offset_fee"`},
	} {
		require.Contains(t, doc, r[0])
		doc = strings.Replace(doc, r[0], r[1], 1)
	}
	p := assertRoundTrip[Payment](t, doc)
	assert.Equal(t, PaymentStatus("escrowed"), *p.Status)
	assert.Equal(t, PaymentSubstatus("chargeback_reversed"), p.Substatus)
	assert.Equal(t, CardBrand("galaxycard"), *p.CardBrand)
	assert.Equal(t, BillingReason("usage_overage"), *p.BillingReason)
	assert.Equal(t, Currency("xyz"), p.Currency)
	assert.Equal(t, PaymentFeeType("carbon_offset_fee"), p.Fees[2].Type)
}

func TestPaymentsList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payments", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Equal(t, url.Values{
			"company_id":        {"biz_1"},
			"product_ids[]":     {"prod_1", "prod_2"},
			"plan_ids[]":        {"plan_1"},
			"billing_reasons[]": {"subscription_create", "one_time"},
			"currencies[]":      {"usd", "eur"},
			"statuses[]":        {"paid", "open"},
			"substatuses[]":     {"refunded", "dispute_warning"},
			"include_free":      {"false"},
			"order":             {"paid_at"},
			"direction":         {"desc"},
			"created_before":    {"2024-03-01T00:00:00.000Z"},
			"created_after":     {"2024-01-01T05:00:00.401Z"},
			"updated_before":    {"2024-04-01T12:30:00.000Z"},
			"updated_after":     {"2024-02-01T00:00:00.000Z"},
			"query":             {"john@example.com"},
			"before":            {"cur_9"},
			"last":              {"20"},
		}, r.URL.Query())
		writeJSON(w, http.StatusOK, fixture(t, "payment_list_page1.json"))
	})
	at := func(s string) *time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		return &tm
	}
	page, err := c.Payments.List(context.Background(), &PaymentListParams{
		ListParams:     ListParams{Before: "cur_9", Last: 20},
		CompanyID:      "biz_1",
		ProductIDs:     []string{"prod_1", "prod_2"},
		PlanIDs:        []string{"plan_1"},
		BillingReasons: []BillingReason{BillingReasonSubscriptionCreate, BillingReasonOneTime},
		Currencies:     []Currency{CurrencyUSD, CurrencyEUR},
		Statuses:       []PaymentStatus{PaymentStatusPaid, PaymentStatusOpen},
		Substatuses:    []PaymentSubstatus{PaymentSubstatusRefunded, PaymentSubstatusDisputeWarning},
		IncludeFree:    Ptr(false),
		Order:          PaymentOrderPaidAt,
		Direction:      DirectionDesc,
		CreatedBefore:  at("2024-03-01T01:00:00+01:00"),
		CreatedAfter:   at("2024-01-01T05:00:00.401Z"),
		UpdatedBefore:  at("2024-04-01T12:30:00Z"),
		UpdatedAfter:   at("2024-01-31T19:00:00-05:00"),
		Query:          "john@example.com",
	})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, "pay_Qm9vZ2hX3kT1aa", page.Data[0].ID)
	assert.Equal(t, "visa", string(*page.Data[0].PaymentMethod.Card.Brand))
	assert.Nil(t, page.Data[1].Currency)
	assert.Equal(t, PaymentSubstatusPastDue, page.Data[1].Substatus)
	assert.True(t, page.PageInfo.HasNextPage)
}

func TestPaymentsListWithoutParams(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payments", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		writeJSON(w, http.StatusOK, fixture(t, "payment_list_page2.json"))
	})
	page, err := c.Payments.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, page.Data, 1)
}

func TestPaymentListPageFixtures(t *testing.T) {
	page := assertRoundTrip[Page[PaymentListItem]](t, fixture(t, "payment_list_page1.json"))
	first := page.Data[0]
	assert.Equal(t, map[string]any{"campaign": "spring"}, first.Plan.Metadata)
	assert.Nil(t, first.Product.Metadata)
	assert.Equal(t, "+15555550100", *first.Membership.PhoneNumber)
	assertRoundTrip[Page[PaymentListItem]](t, fixture(t, "payment_list_page2.json"))
}

func TestPaymentsListByCheckoutConfiguration(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payments", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, []string{"ch_1", "ch_2"}, r.URL.Query()["checkout_configuration_ids[]"])
		writeJSON(w, http.StatusOK, fixture(t, "payment_list_page2.json"))
	})
	_, err := c.Payments.List(context.Background(), &PaymentListParams{CheckoutConfigurationIDs: []string{"ch_1", "ch_2"}})
	require.NoError(t, err)
}

func TestPaymentsListAllCrossesPages(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payments", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		assert.Equal(t, []string{"paid"}, q["statuses[]"])
		switch q.Get("after") {
		case "":
			writeJSON(w, http.StatusOK, fixture(t, "payment_list_page1.json"))
		case "Y3Vyc29yOjI=":
			writeJSON(w, http.StatusOK, fixture(t, "payment_list_page2.json"))
		default:
			t.Errorf("unexpected cursor %q", q.Get("after"))
			writeJSON(w, http.StatusBadRequest, `{"error":{"message":"bad cursor"}}`)
		}
	})
	params := &PaymentListParams{Statuses: []PaymentStatus{PaymentStatusPaid}}
	var ids []string
	for p, err := range c.Payments.ListAll(context.Background(), params) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"pay_Qm9vZ2hX3kT1aa", "pay_Sa1bC3dE5fG7h", "pay_Tb2cD4eF6gH8i"}, ids)
	assert.EqualValues(t, 2, ts.Hits.Load())
	assert.Empty(t, params.After, "the caller's params are not modified")
}

func TestPaymentsGet(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payments/pay_Qm9vZ2hX3kT1aa", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Empty(t, r.URL.RawQuery)
		writeJSON(w, http.StatusOK, fixture(t, "payment.json"))
	})
	p, err := c.Payments.Get(context.Background(), "pay_Qm9vZ2hX3kT1aa")
	require.NoError(t, err)
	assert.Equal(t, "pay_Qm9vZ2hX3kT1aa", p.ID)
	require.NotNil(t, p.ClientSecret)
	assert.Equal(t, "pay_Qm9vZ2hX3kT1aa_secret_v1_k8Jd2pQx", *p.ClientSecret)
}

func TestPaymentsCreateVariants(t *testing.T) {
	tests := []struct {
		name   string
		params *PaymentCreateParams
		body   string
	}{
		{
			name: "plan_id and member_id",
			params: &PaymentCreateParams{
				CompanyID:       "biz_1",
				PlanID:          "plan_1",
				MemberID:        "mber_1",
				PaymentMethodID: Ptr("pmt_1"),
				Capture:         Ptr(false),
				PromoCodeID:     Ptr("promo_1"),
				Metadata:        map[string]any{"order_ref": "A-1"},
			},
			body: `{"company_id":"biz_1","plan_id":"plan_1","member_id":"mber_1","payment_method_id":"pmt_1",
				"capture":false,"promo_code_id":"promo_1","metadata":{"order_ref":"A-1"}}`,
		},
		{
			name: "plan_id and confirmation_token",
			params: &PaymentCreateParams{
				CompanyID:         "biz_1",
				PlanID:            "plan_1",
				ConfirmationToken: "ctok_1",
				Email:             Ptr("buyer@example.com"),
				ReturnURL:         Ptr("https://example.com/return"),
			},
			body: `{"company_id":"biz_1","plan_id":"plan_1","confirmation_token":"ctok_1",
				"email":"buyer@example.com","return_url":"https://example.com/return"}`,
		},
		{
			name: "inline plan with a new product and member_id",
			params: &PaymentCreateParams{
				CompanyID:       "biz_1",
				MemberID:        "mber_1",
				PaymentMethodID: Ptr("pmt_1"),
				Plan: &PaymentPlanParams{
					Currency:             CurrencyUSD,
					PlanType:             Ptr(PlanTypeRenewal),
					InitialPrice:         Ptr(0.0),
					RenewalPrice:         Ptr(49.99),
					BillingPeriod:        Ptr(30),
					TrialPeriodDays:      Ptr(7),
					ExpirationDays:       Ptr(365),
					ApplicationFeeAmount: Ptr(2.5),
					Title:                Ptr("Pro monthly"),
					Description:          Ptr("Everything in Pro"),
					InternalNotes:        Ptr("spring campaign"),
					Visibility:           Ptr(VisibilityHidden),
					ForceCreateNewPlan:   Ptr(true),
					Product: &PlanProductParams{
						ExternalIdentifier:        "sku-pro",
						Title:                     "Pickaxe Pro",
						Headline:                  Ptr("Analytics for miners"),
						Description:               Ptr("All the charts"),
						Route:                     Ptr("pickaxe-pro"),
						Visibility:                Ptr(VisibilityVisible),
						CollectShippingAddress:    Ptr(false),
						CustomStatementDescriptor: Ptr("PICKAXE PRO"),
						GlobalAffiliatePercentage: Ptr(12.5),
						GlobalAffiliateStatus:     Ptr(GlobalAffiliateStatusEnabled),
						ProductTaxCodeID:          Ptr("ptc_1"),
						RedirectPurchaseURL:       Ptr("https://example.com/thanks"),
					},
				},
			},
			body: `{"company_id":"biz_1","member_id":"mber_1","payment_method_id":"pmt_1","plan":{
				"currency":"usd","plan_type":"renewal","initial_price":0,"renewal_price":49.99,"billing_period":30,
				"trial_period_days":7,"expiration_days":365,"application_fee_amount":2.5,"title":"Pro monthly",
				"description":"Everything in Pro","internal_notes":"spring campaign","visibility":"hidden",
				"force_create_new_plan":true,"product":{"external_identifier":"sku-pro","title":"Pickaxe Pro",
				"headline":"Analytics for miners","description":"All the charts","route":"pickaxe-pro",
				"visibility":"visible","collect_shipping_address":false,"custom_statement_descriptor":"PICKAXE PRO",
				"global_affiliate_percentage":12.5,"global_affiliate_status":"enabled","product_tax_code_id":"ptc_1",
				"redirect_purchase_url":"https://example.com/thanks"}}}`,
		},
		{
			name: "inline plan for an existing product and confirmation_token",
			params: &PaymentCreateParams{
				CompanyID:         "biz_1",
				ConfirmationToken: "ctok_1",
				Plan:              &PaymentPlanParams{Currency: CurrencyEUR, ProductID: Ptr("prod_1"), InitialPrice: Ptr(19.0)},
			},
			body: `{"company_id":"biz_1","confirmation_token":"ctok_1",
				"plan":{"currency":"eur","product_id":"prod_1","initial_price":19}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/payments", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				assert.Empty(t, r.URL.RawQuery)
				testJSONBody(t, r, tt.body)
				writeJSON(w, http.StatusOK, fixture(t, "payment.json"))
			})
			p, err := c.Payments.Create(context.Background(), tt.params)
			require.NoError(t, err)
			assert.Equal(t, "pay_Qm9vZ2hX3kT1aa", p.ID)
			assert.NotNil(t, p.ClientSecret)
			assert.EqualValues(t, 1, ts.Hits.Load())
		})
	}
}

func TestPaymentsCreateRefusesBadUnions(t *testing.T) {
	plan := func() *PaymentPlanParams { return &PaymentPlanParams{Currency: CurrencyUSD, ProductID: Ptr("prod_1")} }
	tests := []struct {
		name   string
		params *PaymentCreateParams
		field  string
	}{
		{"nil params", nil, "company_id"},
		{"no company", &PaymentCreateParams{PlanID: "plan_1", MemberID: "mber_1"}, "company_id"},
		{"both plan and plan_id", &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", Plan: plan(), MemberID: "mber_1"}, "plan"},
		{"blank plan_id with plan", &PaymentCreateParams{CompanyID: "biz_1", PlanID: " ", Plan: plan(), MemberID: "mber_1"}, "plan"},
		{"neither plan nor plan_id", &PaymentCreateParams{CompanyID: "biz_1", MemberID: "mber_1"}, "plan_id"},
		{"blank plan_id", &PaymentCreateParams{CompanyID: "biz_1", PlanID: "  ", MemberID: "mber_1"}, "plan_id"},
		{"both member_id and confirmation_token", &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", MemberID: "mber_1", ConfirmationToken: "ctok_1"}, "confirmation_token"},
		{"neither member_id nor confirmation_token", &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1"}, "member_id"},
		{"blank member_id", &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", MemberID: " "}, "member_id"},
		{"blank confirmation_token", &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", ConfirmationToken: "\t"}, "confirmation_token"},
		{"plan without currency", &PaymentCreateParams{CompanyID: "biz_1", MemberID: "mber_1",
			Plan: &PaymentPlanParams{ProductID: Ptr("prod_1")}}, "plan.currency"},
		{"plan without product", &PaymentCreateParams{CompanyID: "biz_1", MemberID: "mber_1",
			Plan: &PaymentPlanParams{Currency: CurrencyUSD}}, "plan.product_id"},
		{"plan with product and product_id", &PaymentCreateParams{CompanyID: "biz_1", MemberID: "mber_1",
			Plan: &PaymentPlanParams{Currency: CurrencyUSD, ProductID: Ptr("prod_1"),
				Product: &PlanProductParams{ExternalIdentifier: "sku", Title: "T"}}}, "plan.product"},
		{"plan with blank product_id", &PaymentCreateParams{CompanyID: "biz_1", MemberID: "mber_1",
			Plan: &PaymentPlanParams{Currency: CurrencyUSD, ProductID: Ptr("")}}, "plan.product_id"},
		{"product without title", &PaymentCreateParams{CompanyID: "biz_1", MemberID: "mber_1",
			Plan: &PaymentPlanParams{Currency: CurrencyUSD, Product: &PlanProductParams{ExternalIdentifier: "sku"}}}, "plan.product.title"},
		{"product without external_identifier", &PaymentCreateParams{CompanyID: "biz_1", MemberID: "mber_1",
			Plan: &PaymentPlanParams{Currency: CurrencyUSD, Product: &PlanProductParams{Title: "T"}}}, "plan.product.external_identifier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			p, err := c.Payments.Create(context.Background(), tt.params)
			assert.Nil(t, p)
			assertParamErr(t, err, tt.field)
			assert.Zero(t, ts.Hits.Load(), "no request may be sent")
		})
	}
}

func TestPaymentsListFees(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payments/pay_1/fees", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Equal(t, url.Values{"after": {"ZmVlOjA="}, "first": {"10"}}, r.URL.Query())
		writeJSON(w, http.StatusOK, fixture(t, "fees_page.json"))
	})
	page, err := c.Payments.ListFees(context.Background(), "pay_1", &PaymentFeeListParams{ListParams{After: "ZmVlOjA=", First: 10}})
	require.NoError(t, err)
	require.Len(t, page.Data, 3)
	assert.Equal(t, PaymentFee{Name: "Payment processing (fixed)", Type: PaymentFeeTypePaymentProcessingFixedFee, Amount: 0.3, Currency: CurrencyUSD}, page.Data[1])
	assertRoundTrip[Page[PaymentFee]](t, fixture(t, "fees_page.json"))
}

func TestPaymentsListAllFees(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payments/pay_1/fees", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		writeJSON(w, http.StatusOK, fixture(t, "fees_page.json"))
	})
	var total float64
	for f, err := range c.Payments.ListAllFees(context.Background(), "pay_1", nil) {
		require.NoError(t, err)
		total += f.Amount
	}
	assert.InDelta(t, 3.56, total, 1e-9)
	assert.EqualValues(t, 1, ts.Hits.Load())
}

func TestPaymentsRefund(t *testing.T) {
	tests := []struct {
		name   string
		params *PaymentRefundParams
		body   string // "" means no body at all
	}{
		{"nil params refunds in full without a body", nil, ""},
		{"empty params", &PaymentRefundParams{}, `{}`},
		{"partial amount", &PaymentRefundParams{PartialAmount: Ptr(10.5)}, `{"partial_amount":10.5}`},
		{"one cent", &PaymentRefundParams{PartialAmount: Ptr(0.01)}, `{"partial_amount":0.01}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/payments/pay_1/refund", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				assert.Empty(t, r.URL.RawQuery)
				if tt.body == "" {
					testNoBody(t, r)
					assert.Empty(t, r.Header.Get("Content-Type"))
				} else {
					testJSONBody(t, r, tt.body)
				}
				writeJSON(w, http.StatusOK, fixture(t, "payment_refunded.json"))
			})
			p, err := c.Payments.Refund(context.Background(), "pay_1", tt.params)
			require.NoError(t, err)
			assert.Equal(t, PaymentSubstatusRefunded, p.Substatus)
			assert.Nil(t, p.ClientSecret)
		})
	}
}

func TestPaymentsRefundRefusesBadAmounts(t *testing.T) {
	for _, a := range []float64{0, -5, math.NaN(), math.Inf(1), math.Inf(-1),
		0.001, 0.009, 0.00999, math.SmallestNonzeroFloat64} {
		c, ts := newTestClient(t)
		_, err := c.Payments.Refund(context.Background(), "pay_1", &PaymentRefundParams{PartialAmount: &a})
		assertParamErr(t, err, "partial_amount")
		assert.Zero(t, ts.Hits.Load(), "amount %v", a)
	}
}

func TestPaymentsRetryAndVoid(t *testing.T) {
	tests := []struct {
		path string
		call func(*Client) (*Payment, error)
	}{
		{"/payments/pay_1/retry", func(c *Client) (*Payment, error) { return c.Payments.Retry(context.Background(), "pay_1") }},
		{"/payments/pay_1/void", func(c *Client) (*Payment, error) { return c.Payments.Void(context.Background(), "pay_1") }},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc(tt.path, func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				testNoBody(t, r)
				assert.Empty(t, r.URL.RawQuery)
				writeJSON(w, http.StatusOK, fixture(t, "payment_refunded.json"))
			})
			p, err := tt.call(c)
			require.NoError(t, err)
			assert.Equal(t, "pay_Rz8sT0uV2wX4y", p.ID)
		})
	}
}

// A POST that moves money must not be repeated after a 5xx: the first
// attempt may have gone through. With an idempotency key it may be.
// Create, Refund, Retry and Void move money: every attempt of one call
// carries the same Idempotency-Key (generated, or the caller's), so a 5xx
// is retried, and the final error gives the key back.
func TestPaymentsMoneyMovingCallsRetriedUnderOneKey(t *testing.T) {
	calls := map[string]func(*Client, ...RequestOption) error{
		"create": func(c *Client, o ...RequestOption) error {
			_, err := c.Payments.Create(context.Background(), &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", MemberID: "mber_1"}, o...)
			return err
		},
		"refund": func(c *Client, o ...RequestOption) error {
			_, err := c.Payments.Refund(context.Background(), "pay_1", nil, o...)
			return err
		},
		"retry": func(c *Client, o ...RequestOption) error {
			_, err := c.Payments.Retry(context.Background(), "pay_1", o...)
			return err
		},
		"void": func(c *Client, o ...RequestOption) error {
			_, err := c.Payments.Void(context.Background(), "pay_1", o...)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			c, ts := newTestClient(t)
			var mu sync.Mutex
			var keys []string
			ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				keys = append(keys, r.Header.Get("Idempotency-Key"))
				mu.Unlock()
				writeJSON(w, http.StatusBadGateway, `{"error":{"type":"server_error","message":"upstream"}}`)
			})
			err := call(c)
			assert.ErrorIs(t, err, ErrServer)
			var keyErr *IdempotencyKeyError
			require.ErrorAs(t, err, &keyErr)
			require.Len(t, keys, 1+DefaultMaxRetries, "retried under its generated key")
			assert.Len(t, ts.recordedWaits(), DefaultMaxRetries, "one back-off before each retry")
			for _, k := range keys {
				assert.Equal(t, keyErr.Key, k, "every attempt carries the key the error reports")
			}

			keys = nil
			err = call(c, WithIdempotencyKey("refund-pay_1-1"))
			assert.ErrorIs(t, err, ErrServer)
			require.ErrorAs(t, err, &keyErr)
			assert.Equal(t, "refund-pay_1-1", keyErr.Key)
			assert.Equal(t, []string{"refund-pay_1-1", "refund-pay_1-1", "refund-pay_1-1"}, keys)
		})
	}
}

func TestPaymentsRefuseBadIDs(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	for _, id := range []string{"", " ", ".", ".."} {
		_, err := c.Payments.Get(ctx, id)
		assertParamErr(t, err, "id")
		_, err = c.Payments.ListFees(ctx, id, nil)
		assertParamErr(t, err, "id")
		_, err = c.Payments.Refund(ctx, id, nil)
		assertParamErr(t, err, "id")
		_, err = c.Payments.Retry(ctx, id)
		assertParamErr(t, err, "id")
		_, err = c.Payments.Void(ctx, id)
		assertParamErr(t, err, "id")
	}
	_, err := c.Payments.List(ctx, &PaymentListParams{ListParams: ListParams{After: "a", Before: "b"}})
	assertParamErr(t, err, "after")
	assert.Zero(t, ts.Hits.Load())
}

// The ID is escaped into the path, so it cannot reach another endpoint.
func TestPaymentsGetEscapesID(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payments/", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/payments/pay_1%2Frefund", r.URL.EscapedPath())
		writeJSON(w, http.StatusOK, fixture(t, "payment.json"))
	})
	_, err := c.Payments.Get(context.Background(), "pay_1/refund")
	require.NoError(t, err)
}
