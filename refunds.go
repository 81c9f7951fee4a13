package whop

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// RefundsService reads refunds: those issued with Payments.Refund and
// those issued from the dashboard alike. Refunds are created through
// Payments.Refund, which answers with the payment; the refund records it
// produces are what this service lists.
type RefundsService service

// PaymentProvider is the processor that handled a payment or refund.
type PaymentProvider string

// Values of PaymentProvider.
const (
	PaymentProviderStripe          PaymentProvider = "stripe"
	PaymentProviderCoinbase        PaymentProvider = "coinbase"
	PaymentProviderPaypal          PaymentProvider = "paypal"
	PaymentProviderApple           PaymentProvider = "apple"
	PaymentProviderSezzle          PaymentProvider = "sezzle"
	PaymentProviderSplitit         PaymentProvider = "splitit"
	PaymentProviderPlatformBalance PaymentProvider = "platform_balance"
	PaymentProviderMultiPSP        PaymentProvider = "multi_psp"
	PaymentProviderAdyen           PaymentProvider = "adyen"
	PaymentProviderClaritypay      PaymentProvider = "claritypay"
	PaymentProviderCheckoutDotCom  PaymentProvider = "checkout_dot_com"
	PaymentProviderAirwallex       PaymentProvider = "airwallex"
	PaymentProviderCoinflow        PaymentProvider = "coinflow"
	PaymentProviderSequra          PaymentProvider = "sequra"
	PaymentProviderDlocal          PaymentProvider = "dlocal"
)

// RefundReferenceStatus says whether the processor has made a refund's
// bank reference available yet.
type RefundReferenceStatus string

// Values of RefundReferenceStatus.
const (
	RefundReferenceStatusAvailable   RefundReferenceStatus = "available"
	RefundReferenceStatusPending     RefundReferenceStatus = "pending"
	RefundReferenceStatusUnavailable RefundReferenceStatus = "unavailable"
)

// RefundReferenceType is the kind of bank reference a processor gave for
// a refund, which a customer's bank can trace it by.
type RefundReferenceType string

// Values of RefundReferenceType.
const (
	RefundReferenceTypeAcquirerReferenceNumber  RefundReferenceType = "acquirer_reference_number"
	RefundReferenceTypeRetrievalReferenceNumber RefundReferenceType = "retrieval_reference_number"
	RefundReferenceTypeSystemTraceAuditNumber   RefundReferenceType = "system_trace_audit_number"
)

// Refund is a full or partial reversal of a payment, as returned by List
// and Get and carried by refund.* webhooks. Amount is in Currency with
// decimals (10.43 is 10.43 US dollars for "usd").
type Refund struct {
	ID        string       `json:"id"`
	Status    RefundStatus `json:"status"`
	Amount    float64      `json:"amount"`
	Currency  Currency     `json:"currency"`
	CreatedAt time.Time    `json:"created_at"`
	// Payment is the refunded payment, nil when it is no longer
	// available. List sends only its ID.
	Payment  *PaymentRef     `json:"payment"`
	Provider PaymentProvider `json:"provider"`
	// ProviderCreatedAt is when the processor recorded the refund, nil
	// when it did not say.
	ProviderCreatedAt *time.Time `json:"provider_created_at"`
	// ReferenceStatus, ReferenceType and ReferenceValue describe the
	// processor's reference for tracing the refund through the banks.
	ReferenceStatus *RefundReferenceStatus `json:"reference_status"`
	ReferenceType   *RefundReferenceType   `json:"reference_type"`
	ReferenceValue  *string                `json:"reference_value"`
}

func (x *Refund) identity() (field, value string) { return "id", x.ID }

// RefundListParams filters GET /refunds. Every field is optional.
type RefundListParams struct {
	ListParams
	CompanyID     string     `url:"company_id,omitempty"`
	PaymentID     string     `url:"payment_id,omitempty"`
	UserID        string     `url:"user_id,omitempty"`
	Direction     Direction  `url:"direction,omitempty"`
	CreatedBefore *time.Time `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *RefundListParams) validate() error {
	if p == nil {
		return nil
	}
	return p.ListParams.validate()
}

// List returns one page of refunds.
//
// GET /refunds
func (s *RefundsService) List(ctx context.Context, params *RefundListParams, opts ...RequestOption) (*Page[Refund], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[Refund]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/refunds", query: params}, opts)
}

// ListAll iterates over every refund matching params, fetching pages as
// the loop advances. params is not modified.
//
// GET /refunds
func (s *RefundsService) ListAll(ctx context.Context, params *RefundListParams, opts ...RequestOption) iter.Seq2[Refund, error] {
	return iterate(ctx, params, func(ctx context.Context, p *RefundListParams) (*Page[Refund], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a refund, with the full summary of its payment.
//
// GET /refunds/{id}
func (s *RefundsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Refund, error) {
	return call[Refund](ctx, s.client, apiRequest{method: http.MethodGet, path: "/refunds/{id}", id: id}, opts)
}

// Refund decodes the data of a refund.* event (refund.created,
// refund.updated). For any other event type it returns an error matching
// ErrWebhookEventType; data that is missing or does not decode gives an
// error matching ErrWebhookInvalidPayload.
func (e *WebhookEvent) Refund() (*Refund, error) {
	return eventData[Refund](e, "refund.")
}
