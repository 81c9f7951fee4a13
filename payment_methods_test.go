package whop

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// detailsSet names the detail fields of pm that are non-nil.
func detailsSet(pm *PaymentMethod) []string {
	var set []string
	if pm.Card != nil {
		set = append(set, "card")
	}
	if pm.USBankAccount != nil {
		set = append(set, "us_bank_account")
	}
	if pm.Cashapp != nil {
		set = append(set, "cashapp")
	}
	if pm.Ideal != nil {
		set = append(set, "ideal")
	}
	if pm.SEPADebit != nil {
		set = append(set, "sepa_debit")
	}
	return set
}

func TestPaymentMethodDecodeVariants(t *testing.T) {
	tests := []struct {
		fixture  string
		typename PaymentMethodVariant
		details  []string
		check    func(t *testing.T, pm *PaymentMethod)
	}{
		{"payment_method_base.json", PaymentMethodVariantBase, nil, func(t *testing.T, pm *PaymentMethod) {
			assert.Equal(t, "payt_Bq1rS3tU5vW7x", pm.ID)
			assert.Equal(t, PaymentMethodTypePaypal, pm.PaymentMethodType)
			assert.Equal(t, time.Date(2024, 2, 1, 18, 22, 5, 904_000_000, time.UTC), pm.CreatedAt)
		}},
		{"payment_method_card.json", PaymentMethodVariantCard, []string{"card"}, func(t *testing.T, pm *PaymentMethod) {
			assert.Equal(t, PaymentMethodTypeCard, pm.PaymentMethodType)
			assert.Equal(t, CardBrandVisa, *pm.Card.Brand)
			assert.Equal(t, "4242", *pm.Card.Last4)
			assert.Equal(t, 8, *pm.Card.ExpMonth)
			assert.Equal(t, 2027, *pm.Card.ExpYear)
		}},
		{"payment_method_us_bank_account.json", PaymentMethodVariantUSBankAccount, []string{"us_bank_account"}, func(t *testing.T, pm *PaymentMethod) {
			assert.Equal(t, PaymentMethodTypeUSBankAccount, pm.PaymentMethodType)
			assert.Equal(t, PaymentMethodUSBankAccount{BankName: "Chase", Last4: "6789", AccountType: "checking"}, *pm.USBankAccount)
		}},
		{"payment_method_cashapp.json", PaymentMethodVariantCashapp, []string{"cashapp"}, func(t *testing.T, pm *PaymentMethod) {
			assert.Equal(t, "BUYER_abc123", *pm.Cashapp.BuyerID)
			assert.Equal(t, "$jacksmith", *pm.Cashapp.Cashtag)
		}},
		{"payment_method_ideal.json", PaymentMethodVariantIdeal, []string{"ideal"}, func(t *testing.T, pm *PaymentMethod) {
			assert.Equal(t, "ing", *pm.Ideal.Bank)
			assert.Equal(t, "INGBNL2A", *pm.Ideal.BIC)
		}},
		{"payment_method_sepa_debit.json", PaymentMethodVariantSEPADebit, []string{"sepa_debit"}, func(t *testing.T, pm *PaymentMethod) {
			assert.Equal(t, "37040044", *pm.SEPADebit.BankCode)
			assert.Equal(t, "0532", *pm.SEPADebit.BranchCode)
			assert.Equal(t, "DE", *pm.SEPADebit.Country)
			assert.Equal(t, "3000", *pm.SEPADebit.Last4)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			pm := assertRoundTrip[PaymentMethod](t, fixture(t, tt.fixture))
			assert.Equal(t, tt.typename, pm.Typename)
			assert.Equal(t, tt.details, detailsSet(pm))
			tt.check(t, pm)
		})
	}
}

func TestPaymentMethodDecodeUnknownTypename(t *testing.T) {
	var pm PaymentMethod
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "payment_method_unknown.json")), &pm))
	assert.Equal(t, PaymentMethodVariant("PixPaymentMethod"), pm.Typename)
	assert.Equal(t, "payt_Gv6wX8yZ0aB2c", pm.ID)
	assert.Equal(t, PaymentMethodTypePix, pm.PaymentMethodType)
	assert.Equal(t, time.Date(2024, 2, 11, 16, 20, 38, 909_000_000, time.UTC), pm.CreatedAt)
	assert.Empty(t, detailsSet(&pm))
}

// The details of a variant are trusted only under their own typename: a
// card object on a payload that says it is a SEPA debit is dropped, so a
// nil check on the details is a reliable type test.
func TestPaymentMethodDecodeKeepsOnlyMatchingDetails(t *testing.T) {
	doc := `{"typename":"SepaDebitPaymentMethod","id":"payt_1","created_at":"2024-02-09T13:05:57.402Z",
		"payment_method_type":"sepa_debit","card":{"brand":"visa","last4":"4242","exp_month":1,"exp_year":2030},
		"sepa_debit":{"bank_code":null,"branch_code":null,"country":"FR","last4":"0001"}}`
	var pm PaymentMethod
	require.NoError(t, json.Unmarshal([]byte(doc), &pm))
	assert.Equal(t, []string{"sepa_debit"}, detailsSet(&pm))

	// Decoding into a used value leaves nothing of the previous variant.
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "payment_method_base.json")), &pm))
	assert.Empty(t, detailsSet(&pm))
}

func TestPaymentMethodDecodeUnknownEnumValues(t *testing.T) {
	doc := `{"typename":"CardPaymentMethod","id":"payt_1","created_at":"2024-02-09T13:05:57.402Z",
		"payment_method_type":"holo_pay","card":{"brand":"galaxycard","last4":null,"exp_month":null,"exp_year":null}}`
	var pm PaymentMethod
	require.NoError(t, json.Unmarshal([]byte(doc), &pm))
	assert.Equal(t, PaymentMethodType("holo_pay"), pm.PaymentMethodType)
	require.NotNil(t, pm.Card)
	assert.Equal(t, CardBrand("galaxycard"), *pm.Card.Brand)
	assert.Nil(t, pm.Card.Last4)
}

func TestPaymentMethodsList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payment_methods", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Equal(t, url.Values{
			"member_id":      {"mber_1"},
			"company_id":     {"biz_1"},
			"direction":      {"asc"},
			"created_before": {"2024-03-01T00:00:00.000Z"},
			"created_after":  {"2024-01-01T05:00:00.401Z"},
			"after":          {"cur_1"},
			"first":          {"3"},
		}, r.URL.Query())
		writeJSON(w, http.StatusOK, fixture(t, "payment_methods_page.json"))
	})
	before := time.Date(2024, 3, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600))
	after := time.Date(2024, 1, 1, 5, 0, 0, 401_000_000, time.UTC)
	page, err := c.PaymentMethods.List(context.Background(), &PaymentMethodListParams{
		ListParams:    ListParams{After: "cur_1", First: 3},
		MemberID:      "mber_1",
		CompanyID:     "biz_1",
		Direction:     DirectionAsc,
		CreatedBefore: &before,
		CreatedAfter:  &after,
	})
	require.NoError(t, err)
	require.Len(t, page.Data, 3)
	assert.Equal(t, []string{"card"}, detailsSet(&page.Data[0]))
	assert.Equal(t, []string{"sepa_debit"}, detailsSet(&page.Data[1]))
	assert.Empty(t, detailsSet(&page.Data[2]))
	assert.Equal(t, "cG06Mw==", page.PageInfo.EndCursor)
	assertRoundTrip[Page[PaymentMethod]](t, fixture(t, "payment_methods_page.json"))
}

func TestPaymentMethodsListAll(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payment_methods", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "mber_1", r.URL.Query().Get("member_id"))
		writeJSON(w, http.StatusOK, fixture(t, "payment_methods_page.json"))
	})
	var ids []string
	for pm, err := range c.PaymentMethods.ListAll(context.Background(), &PaymentMethodListParams{MemberID: "mber_1"}) {
		require.NoError(t, err)
		ids = append(ids, pm.ID)
	}
	assert.Equal(t, []string{"payt_Lm7nO9pQ1rS3t", "payt_Fu5vW7xY9zA1b", "payt_Bq1rS3tU5vW7x"}, ids)
	assert.EqualValues(t, 1, ts.Hits.Load())
}

func TestPaymentMethodsGet(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payment_methods/payt_Lm7nO9pQ1rS3t", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Equal(t, url.Values{"member_id": {"mber_1"}, "company_id": {"biz_1"}}, r.URL.Query())
		writeJSON(w, http.StatusOK, fixture(t, "payment_method_card.json"))
	})
	pm, err := c.PaymentMethods.Get(context.Background(), "payt_Lm7nO9pQ1rS3t",
		&PaymentMethodGetParams{MemberID: "mber_1", CompanyID: "biz_1"})
	require.NoError(t, err)
	require.NotNil(t, pm.Card)
	assert.Equal(t, "4242", *pm.Card.Last4)
}

func TestPaymentMethodsGetWithoutParams(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/payment_methods/payt_1", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		writeJSON(w, http.StatusOK, fixture(t, "payment_method_base.json"))
	})
	_, err := c.PaymentMethods.Get(context.Background(), "payt_1", nil)
	require.NoError(t, err)
}

func TestPaymentMethodsRefuseBadInput(t *testing.T) {
	c, ts := newTestClient(t)
	_, err := c.PaymentMethods.Get(context.Background(), "", nil)
	assertParamErr(t, err, "id")
	_, err = c.PaymentMethods.List(context.Background(), &PaymentMethodListParams{ListParams: ListParams{First: -1}})
	assertParamErr(t, err, "first")
	assert.Zero(t, ts.Hits.Load())
}

// assertParamErr checks that err is a *ParamError about field, matched by
// ErrInvalidParams.
func assertParamErr(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidParams)
	var pe *ParamError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, field, pe.Field, "field of %v", err)
}
