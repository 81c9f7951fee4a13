package whop

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The names renamed before 1.0 still compile and mean the same types and
// values: code written against 0.1.0 keeps working unchanged.
func TestRenamedNamesAreAliases(t *testing.T) {
	var (
		_ *PaymentMethodRef    = (*PaymentPaymentMethod)(nil)
		_ *PaymentMethodRef    = (*PaymentListPaymentMethod)(nil)
		_ *PaymentMethodCard   = (*PaymentCard)(nil)
		_ PaymentMethodVariant = PaymentMethodTypename("")
	)
	assert.Equal(t, GlobalAffiliateStatus("enabled"), AffiliateStatusEnabled)
	assert.Equal(t, GlobalAffiliateStatusDisabled, AffiliateStatusDisabled)
	for old, v := range map[PaymentMethodTypename]PaymentMethodVariant{
		PaymentMethodTypenameBase:          PaymentMethodVariantBase,
		PaymentMethodTypenameCard:          PaymentMethodVariantCard,
		PaymentMethodTypenameUSBankAccount: PaymentMethodVariantUSBankAccount,
		PaymentMethodTypenameCashapp:       PaymentMethodVariantCashapp,
		PaymentMethodTypenameIdeal:         PaymentMethodVariantIdeal,
		PaymentMethodTypenameSEPADebit:     PaymentMethodVariantSEPADebit,
	} {
		assert.Equal(t, v, old)
	}
}

// One card type serves the saved payment method and the payment's token:
// a payment's card carries its fingerprint; a saved card, which has none,
// does not grow a "fingerprint" key when encoded.
func TestPaymentMethodCardFingerprint(t *testing.T) {
	var p Payment
	require.NoError(t, json.Unmarshal([]byte(`{"id":"pay_1","payment_method":{"id":"payt_1","created_at":"2026-01-02T03:04:05.000Z",
		"payment_method_type":"card","card":{"brand":"visa","last4":"4242","exp_month":12,"exp_year":30,"fingerprint":"fp_1"}}}`), &p))
	require.NotNil(t, p.PaymentMethod.Card)
	assert.Equal(t, "fp_1", *p.PaymentMethod.Card.Fingerprint)
	assert.Equal(t, CardBrandVisa, *p.PaymentMethod.Card.Brand)

	var pm PaymentMethod
	require.NoError(t, json.Unmarshal([]byte(`{"typename":"CardPaymentMethod","id":"payt_1","created_at":"2026-01-02T03:04:05.000Z",
		"payment_method_type":"card","card":{"brand":"visa","last4":"4242","exp_month":12,"exp_year":30}}`), &pm))
	require.NotNil(t, pm.Card)
	assert.Nil(t, pm.Card.Fingerprint)
	b, err := json.Marshal(pm.Card)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "fingerprint")
}
