package whop

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodePayment feeds arbitrary bytes to every decoder a payment
// response or webhook goes through. Nothing may panic, and a body that
// decodes must encode again.
func FuzzDecodePayment(f *testing.F) {
	for _, name := range []string{"payment.json", "payment_list_page1.json", "payment_method_card.json", "webhook_payment_succeeded.json"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"typename":"CardPaymentMethod","card":null}`))
	f.Add([]byte(`{"status":12,"total":"1"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Payment
		if json.Unmarshal(b, &p) == nil {
			if _, err := json.Marshal(&p); err != nil {
				t.Fatalf("decoded payment does not encode: %v", err)
			}
		}
		var page Page[PaymentListItem]
		_ = json.Unmarshal(b, &page)
		var pm PaymentMethod
		if json.Unmarshal(b, &pm) == nil {
			if _, err := json.Marshal(&pm); err != nil {
				t.Fatalf("decoded payment method does not encode: %v", err)
			}
		}
		ev := &WebhookEvent{Type: WebhookEventPaymentSucceeded, Data: b}
		_, _ = ev.Payment()
	})
}
