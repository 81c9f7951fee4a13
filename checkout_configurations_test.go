package whop

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckoutConfigurationDecodeFixtures(t *testing.T) {
	cc := assertRoundTrip[CheckoutConfiguration](t, fixture(t, "checkout_configuration.json"))
	assert.Equal(t, "ch_Fg1hI3jK5lM7n", cc.ID)
	assert.Equal(t, CheckoutModePayment, cc.Mode)
	assert.Nil(t, cc.Currency)
	assert.Equal(t, "https://whop.com/checkout/plan_Xn3kT9QmHq2Lp?session=ch_Fg1hI3jK5lM7n", cc.PurchaseURL)
	require.NotNil(t, cc.Plan)
	assert.Equal(t, CheckoutConfigurationPlan{
		ID: "plan_Xn3kT9QmHq2Lp", Visibility: VisibilityHidden, PlanType: PlanTypeRenewal,
		ReleaseMethod: ReleaseMethodBuyNow, Currency: CurrencyUSD, InitialPrice: 0, RenewalPrice: 49.99,
		BillingPeriod: Ptr(30), TrialPeriodDays: Ptr(7), AdaptivePricingEnabled: true,
		ThreeDSLevel: Ptr(ThreeDSLevelMandateChallenge),
	}, *cc.Plan)
	assert.Equal(t, "spring-partner", *cc.AffiliateCode)
	assert.Nil(t, cc.PaymentMethodConfiguration)

	setup := assertRoundTrip[CheckoutConfiguration](t, fixture(t, "checkout_configuration_setup.json"))
	assert.Equal(t, CheckoutModeSetup, setup.Mode)
	assert.Equal(t, CurrencyEUR, *setup.Currency)
	assert.Nil(t, setup.Plan)
	assert.Equal(t, &PaymentMethodConfiguration{
		Enabled:                 []PaymentMethodType{PaymentMethodTypeSEPADebit, PaymentMethodTypeIdeal},
		Disabled:                []PaymentMethodType{PaymentMethodTypeKlarna},
		IncludePlatformDefaults: true,
	}, setup.PaymentMethodConfiguration)

	assertRoundTrip[Page[CheckoutConfiguration]](t, fixture(t, "checkout_configurations_page.json"))
}

func TestCheckoutConfigurationDecodeUnknownMode(t *testing.T) {
	doc := strings.Replace(fixture(t, "checkout_configuration.json"), `"mode": "payment"`, `"mode": "subscription_upgrade"`, 1)
	cc := assertRoundTrip[CheckoutConfiguration](t, doc)
	assert.Equal(t, CheckoutMode("subscription_upgrade"), cc.Mode)
}

func TestCheckoutConfigurationsList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/checkout_configurations", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Equal(t, url.Values{
			"company_id":     {"biz_1"},
			"plan_id":        {"plan_1"},
			"direction":      {"asc"},
			"created_before": {"2024-03-01T00:00:00.000Z"},
			"created_after":  {"2024-01-01T05:00:00.401Z"},
			"first":          {"50"},
		}, r.URL.Query())
		writeJSON(w, http.StatusOK, fixture(t, "checkout_configurations_page.json"))
	})
	before := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	after := time.Date(2024, 1, 1, 5, 0, 0, 401_000_000, time.UTC)
	page, err := c.CheckoutConfigurations.List(context.Background(), &CheckoutConfigurationListParams{
		ListParams:    ListParams{First: 50},
		CompanyID:     "biz_1",
		PlanID:        "plan_1",
		Direction:     DirectionAsc,
		CreatedBefore: &before,
		CreatedAfter:  &after,
	})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, CheckoutModeSetup, page.Data[1].Mode)
	assert.True(t, page.PageInfo.HasNextPage)
}

func TestCheckoutConfigurationsListAll(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/checkout_configurations", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "biz_1", r.URL.Query().Get("company_id"))
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, http.StatusOK, fixture(t, "checkout_configurations_page.json"))
			return
		}
		assert.Equal(t, "Y2g6Mg==", r.URL.Query().Get("after"))
		writeJSON(w, http.StatusOK, `{"data":[],"page_info":{"end_cursor":null,"start_cursor":null,"has_next_page":false,"has_previous_page":true}}`)
	})
	var ids []string
	for cc, err := range c.CheckoutConfigurations.ListAll(context.Background(), &CheckoutConfigurationListParams{CompanyID: "biz_1"}) {
		require.NoError(t, err)
		ids = append(ids, cc.ID)
	}
	assert.Equal(t, []string{"ch_Fg1hI3jK5lM7n", "ch_Hi2jK4lM6nO8p"}, ids)
	assert.EqualValues(t, 2, ts.Hits.Load())
}

func TestCheckoutConfigurationsListRequiresCompany(t *testing.T) {
	c, ts := newTestClient(t)
	_, err := c.CheckoutConfigurations.List(context.Background(), nil)
	assertParamErr(t, err, "company_id")
	_, err = c.CheckoutConfigurations.List(context.Background(), &CheckoutConfigurationListParams{PlanID: "plan_1"})
	assertParamErr(t, err, "company_id")
	for _, err := range c.CheckoutConfigurations.ListAll(context.Background(), &CheckoutConfigurationListParams{}) {
		assertParamErr(t, err, "company_id")
	}
	assert.Zero(t, ts.Hits.Load())
}

func TestCheckoutConfigurationsGet(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/checkout_configurations/ch_Fg1hI3jK5lM7n", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Empty(t, r.URL.RawQuery)
		writeJSON(w, http.StatusOK, fixture(t, "checkout_configuration.json"))
	})
	cc, err := c.CheckoutConfigurations.Get(context.Background(), "ch_Fg1hI3jK5lM7n")
	require.NoError(t, err)
	assert.Equal(t, "ch_Fg1hI3jK5lM7n", cc.ID)

	_, err = c.CheckoutConfigurations.Get(context.Background(), "..")
	assertParamErr(t, err, "id")
	assert.EqualValues(t, 1, ts.Hits.Load())
}

func TestCheckoutConfigurationsCreateVariants(t *testing.T) {
	tests := []struct {
		name   string
		params *CheckoutConfigurationCreateParams
		body   string
	}{
		{
			name: "payment mode with an inline plan",
			params: &CheckoutConfigurationCreateParams{
				Plan: &CheckoutConfigurationPlanParams{
					CompanyID:                "biz_1",
					Currency:                 CurrencyUSD,
					Product:                  &PlanProductParams{ExternalIdentifier: "sku-pro", Title: "Pickaxe Pro"},
					PlanType:                 Ptr(PlanTypeRenewal),
					ReleaseMethod:            Ptr(ReleaseMethodBuyNow),
					InitialPrice:             Ptr(0.0),
					RenewalPrice:             Ptr(9.99),
					BillingPeriod:            Ptr(30),
					TrialPeriodDays:          Ptr(14),
					ExpirationDays:           Ptr(365),
					SplitPayRequiredPayments: Ptr(3),
					ApplicationFeeAmount:     Ptr(1.25),
					AdaptivePricingEnabled:   Ptr(true),
					OverrideTaxType:          Ptr(TaxTypeInclusive),
					Title:                    Ptr("Pro"),
					Description:              Ptr("Everything"),
					InternalNotes:            Ptr("q2"),
					Image:                    &FileRef{ID: "file_1"},
					Visibility:               Ptr(VisibilityVisible),
					Stock:                    Ptr(100),
					CustomFields:             []CustomField{{FieldType: CustomFieldTypeText, Name: "Discord handle", Required: Ptr(true)}},
					PaymentMethodConfiguration: &PaymentMethodConfigurationParams{
						Enabled: []PaymentMethodType{PaymentMethodTypeCashapp},
					},
					ForceCreateNewPlan: Ptr(false),
				},
				AffiliateCode:   Ptr("spring-partner"),
				AllowPromoCodes: Ptr(false),
				CheckoutStyling: &CheckoutStyling{
					BackgroundColor: Ptr("#0f172a"), ButtonColor: Ptr("#22c55e"),
					BorderStyle: Ptr(CheckoutShapePill), FontFamily: Ptr(CheckoutFontRoboto),
				},
				RedirectURL: Ptr("https://example.com/welcome"),
				SourceURL:   Ptr("https://example.com/pricing"),
				Metadata:    map[string]any{"order_ref": "A-1"},
			},
			body: `{"plan":{"company_id":"biz_1","currency":"usd","product":{"external_identifier":"sku-pro","title":"Pickaxe Pro"},
				"plan_type":"renewal","release_method":"buy_now","initial_price":0,"renewal_price":9.99,"billing_period":30,
				"trial_period_days":14,"expiration_days":365,"split_pay_required_payments":3,"application_fee_amount":1.25,
				"adaptive_pricing_enabled":true,"override_tax_type":"inclusive","title":"Pro","description":"Everything",
				"internal_notes":"q2","image":{"id":"file_1"},"visibility":"visible","stock":100,
				"custom_fields":[{"field_type":"text","name":"Discord handle","required":true}],
				"payment_method_configuration":{"enabled":["cashapp"],"disabled":[]},"force_create_new_plan":false},
				"affiliate_code":"spring-partner","allow_promo_codes":false,
				"checkout_styling":{"background_color":"#0f172a","button_color":"#22c55e","border_style":"pill","font_family":"roboto"},
				"redirect_url":"https://example.com/welcome","source_url":"https://example.com/pricing","metadata":{"order_ref":"A-1"}}`,
		},
		{
			name: "payment mode with plan_id",
			params: &CheckoutConfigurationCreateParams{
				Mode:          CheckoutModePayment,
				PlanID:        "plan_1",
				AffiliateCode: Ptr("ref-7"),
				Currency:      Ptr(CurrencyEUR),
				RedirectURL:   Ptr("https://example.com/done"),
				Metadata:      map[string]any{"campaign": "spring"},
			},
			body: `{"mode":"payment","plan_id":"plan_1","affiliate_code":"ref-7","currency":"eur",
				"redirect_url":"https://example.com/done","metadata":{"campaign":"spring"}}`,
		},
		{
			name: "setup mode",
			params: &CheckoutConfigurationCreateParams{
				Mode:      CheckoutModeSetup,
				CompanyID: "biz_1",
				Currency:  Ptr(CurrencyEUR),
				PaymentMethodConfiguration: &PaymentMethodConfigurationParams{
					Enabled:                 []PaymentMethodType{PaymentMethodTypeSEPADebit, PaymentMethodTypeIdeal},
					Disabled:                []PaymentMethodType{PaymentMethodTypeKlarna},
					IncludePlatformDefaults: Ptr(true),
				},
			},
			body: `{"mode":"setup","company_id":"biz_1","currency":"eur","payment_method_configuration":
				{"enabled":["sepa_debit","ideal"],"disabled":["klarna"],"include_platform_defaults":true}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/checkout_configurations", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				assert.Empty(t, r.URL.RawQuery)
				testJSONBody(t, r, tt.body)
				writeJSON(w, http.StatusOK, fixture(t, "checkout_configuration.json"))
			})
			cc, err := c.CheckoutConfigurations.Create(context.Background(), tt.params)
			require.NoError(t, err)
			assert.NotEmpty(t, cc.PurchaseURL)
			assert.EqualValues(t, 1, ts.Hits.Load())
		})
	}
}

func TestCheckoutConfigurationsCreateRefusesBadUnions(t *testing.T) {
	plan := func() *CheckoutConfigurationPlanParams {
		return &CheckoutConfigurationPlanParams{CompanyID: "biz_1", Currency: CurrencyUSD, ProductID: Ptr("prod_1")}
	}
	tests := []struct {
		name   string
		params *CheckoutConfigurationCreateParams
		field  string
	}{
		{"nil params", nil, "plan_id"},
		{"nothing set", &CheckoutConfigurationCreateParams{}, "plan_id"},
		{"both plan and plan_id", &CheckoutConfigurationCreateParams{PlanID: "plan_1", Plan: plan()}, "plan"},
		{"blank plan_id", &CheckoutConfigurationCreateParams{PlanID: " "}, "plan_id"},
		{"company_id in payment mode", &CheckoutConfigurationCreateParams{PlanID: "plan_1", CompanyID: "biz_1"}, "company_id"},
		{"setup mode without company_id", &CheckoutConfigurationCreateParams{Mode: CheckoutModeSetup}, "company_id"},
		{"setup mode with blank company_id", &CheckoutConfigurationCreateParams{Mode: CheckoutModeSetup, CompanyID: " "}, "company_id"},
		{"setup mode with plan", &CheckoutConfigurationCreateParams{Mode: CheckoutModeSetup, CompanyID: "biz_1", Plan: plan()}, "plan"},
		{"setup mode with plan_id", &CheckoutConfigurationCreateParams{Mode: CheckoutModeSetup, CompanyID: "biz_1", PlanID: "plan_1"}, "plan_id"},
		{"setup mode with affiliate_code", &CheckoutConfigurationCreateParams{Mode: CheckoutModeSetup, CompanyID: "biz_1", AffiliateCode: Ptr("x")}, "affiliate_code"},
		{"unknown mode", &CheckoutConfigurationCreateParams{Mode: "subscription", PlanID: "plan_1"}, "mode"},
		{"plan without company_id", &CheckoutConfigurationCreateParams{Plan: &CheckoutConfigurationPlanParams{Currency: CurrencyUSD, ProductID: Ptr("prod_1")}}, "plan.company_id"},
		{"plan without currency", &CheckoutConfigurationCreateParams{Plan: &CheckoutConfigurationPlanParams{CompanyID: "biz_1", ProductID: Ptr("prod_1")}}, "plan.currency"},
		{"plan without product", &CheckoutConfigurationCreateParams{Plan: &CheckoutConfigurationPlanParams{CompanyID: "biz_1", Currency: CurrencyUSD}}, "plan.product_id"},
		{"plan product without title", &CheckoutConfigurationCreateParams{Plan: &CheckoutConfigurationPlanParams{CompanyID: "biz_1", Currency: CurrencyUSD,
			Product: &PlanProductParams{ExternalIdentifier: "sku"}}}, "plan.product.title"},
		{"plan image without id", &CheckoutConfigurationCreateParams{Plan: func() *CheckoutConfigurationPlanParams {
			p := plan()
			p.Image = &FileRef{}
			return p
		}()}, "plan.image.id"},
		{"plan custom field without name", &CheckoutConfigurationCreateParams{Plan: func() *CheckoutConfigurationPlanParams {
			p := plan()
			p.CustomFields = []CustomField{{FieldType: CustomFieldTypeText, Name: "ok"}, {FieldType: CustomFieldTypeText}}
			return p
		}()}, "plan.custom_fields[1].name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			cc, err := c.CheckoutConfigurations.Create(context.Background(), tt.params)
			assert.Nil(t, cc)
			assertParamErr(t, err, tt.field)
			assert.Zero(t, ts.Hits.Load(), "no request may be sent")
		})
	}
}
