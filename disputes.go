package whop

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// DisputesService reads the disputes (chargebacks and inquiries) that
// customers open against a company's payments, and answers them with
// evidence. A dispute that is not answered by its NeedsResponseBy date is
// lost: the company pays the amount plus a fee.
type DisputesService service

// Values of DisputeStatus. The warning_* states are inquiries that have
// not become a chargeback.
const (
	DisputeStatusWarningNeedsResponse DisputeStatus = "warning_needs_response"
	DisputeStatusWarningUnderReview   DisputeStatus = "warning_under_review"
	DisputeStatusWarningClosed        DisputeStatus = "warning_closed"
	DisputeStatusNeedsResponse        DisputeStatus = "needs_response"
	DisputeStatusUnderReview          DisputeStatus = "under_review"
	DisputeStatusWon                  DisputeStatus = "won"
	DisputeStatusLost                 DisputeStatus = "lost"
	DisputeStatusClosed               DisputeStatus = "closed"
	DisputeStatusOther                DisputeStatus = "other"
)

// Dispute is a chargeback or inquiry filed against a payment, with the
// evidence the company has gathered to contest it. Get, UpdateEvidence,
// SubmitEvidence and dispute.* webhooks fill every field. List sends a
// summary: the evidence fields are then nil and Payment holds only its ID.
type Dispute struct {
	ID        string        `json:"id"`
	Status    DisputeStatus `json:"status"`
	Amount    float64       `json:"amount"`
	Currency  Currency      `json:"currency"`
	CreatedAt *time.Time    `json:"created_at"`
	// Editable says whether evidence may still be updated and submitted.
	Editable *bool `json:"editable"`
	// NeedsResponseBy is the deadline for submitting evidence; nil when
	// none is set.
	NeedsResponseBy *time.Time `json:"needs_response_by"`
	// Reason is the customer's reason, in words.
	Reason *string `json:"reason"`
	// VisaRDR reports a dispute resolved automatically by Visa Rapid
	// Dispute Resolution.
	VisaRDR bool        `json:"visa_rdr"`
	Company *CompanyRef `json:"company"`
	Payment *PaymentRef `json:"payment"`
	Plan    *PlanRef    `json:"plan"`
	Product *ProductRef `json:"product"`

	// The evidence, as last updated; see DisputeUpdateEvidenceParams.
	AccessActivityLog               *string            `json:"access_activity_log"`
	BillingAddress                  *string            `json:"billing_address"`
	CancellationPolicyAttachment    *DisputeAttachment `json:"cancellation_policy_attachment"`
	CancellationPolicyDisclosure    *string            `json:"cancellation_policy_disclosure"`
	CustomerCommunicationAttachment *DisputeAttachment `json:"customer_communication_attachment"`
	CustomerEmailAddress            *string            `json:"customer_email_address"`
	CustomerName                    *string            `json:"customer_name"`
	Notes                           *string            `json:"notes"`
	ProductDescription              *string            `json:"product_description"`
	RefundPolicyAttachment          *DisputeAttachment `json:"refund_policy_attachment"`
	RefundPolicyDisclosure          *string            `json:"refund_policy_disclosure"`
	RefundRefusalExplanation        *string            `json:"refund_refusal_explanation"`
	ServiceDate                     *string            `json:"service_date"`
	UncategorizedAttachment         *DisputeAttachment `json:"uncategorized_attachment"`
}

func (x *Dispute) identity() (field, value string) { return "id", x.ID }

// DisputeAttachment is a file uploaded as dispute evidence.
type DisputeAttachment struct {
	ID          string  `json:"id"`
	ContentType *string `json:"content_type"`
	Filename    *string `json:"filename"`
	// URL is where the file can be displayed from.
	URL *string `json:"url"`
}

// DisputeListParams filters GET /disputes. CompanyID is required.
type DisputeListParams struct {
	ListParams
	CompanyID     string     `url:"company_id"`
	Direction     Direction  `url:"direction,omitempty"`
	CreatedBefore *time.Time `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *DisputeListParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	return p.ListParams.validate()
}

// DisputeUpdateEvidenceParams is the body of
// POST /disputes/{id}/update_evidence. Every field is a Nullable: leave it
// nil to keep the evidence already given, Value(v) to set it, Null[T]() to
// remove it. Attachments name files uploaded beforehand, by ID.
type DisputeUpdateEvidenceParams struct {
	// AccessActivityLog shows the customer using the service (IP-based
	// access records).
	AccessActivityLog Nullable[string] `json:"access_activity_log,omitempty"`
	// BillingAddress is the address of the customer's payment method.
	BillingAddress               Nullable[string]  `json:"billing_address,omitempty"`
	CancellationPolicyAttachment Nullable[FileRef] `json:"cancellation_policy_attachment,omitempty"`
	CancellationPolicyDisclosure Nullable[string]  `json:"cancellation_policy_disclosure,omitempty"`
	// CustomerCommunicationAttachment must be a JPEG, PNG, GIF or PDF.
	CustomerCommunicationAttachment Nullable[FileRef] `json:"customer_communication_attachment,omitempty"`
	CustomerEmailAddress            Nullable[string]  `json:"customer_email_address,omitempty"`
	CustomerName                    Nullable[string]  `json:"customer_name,omitempty"`
	Notes                           Nullable[string]  `json:"notes,omitempty"`
	ProductDescription              Nullable[string]  `json:"product_description,omitempty"`
	RefundPolicyAttachment          Nullable[FileRef] `json:"refund_policy_attachment,omitempty"`
	RefundPolicyDisclosure          Nullable[string]  `json:"refund_policy_disclosure,omitempty"`
	RefundRefusalExplanation        Nullable[string]  `json:"refund_refusal_explanation,omitempty"`
	// ServiceDate is when the product or service was delivered, as the
	// API's date string (for example "2024-05-01").
	ServiceDate             Nullable[string]  `json:"service_date,omitempty"`
	UncategorizedAttachment Nullable[FileRef] `json:"uncategorized_attachment,omitempty"`
}

func (p *DisputeUpdateEvidenceParams) validate() error {
	if p == nil {
		return nil
	}
	for _, a := range []struct {
		field string
		ref   Nullable[FileRef]
	}{
		{"cancellation_policy_attachment", p.CancellationPolicyAttachment},
		{"customer_communication_attachment", p.CustomerCommunicationAttachment},
		{"refund_policy_attachment", p.RefundPolicyAttachment},
		{"uncategorized_attachment", p.UncategorizedAttachment},
	} {
		if f, ok := a.ref.Get(); ok {
			if err := requireString(a.field+".id", f.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// List returns one page of a company's disputes.
//
// GET /disputes
func (s *DisputesService) List(ctx context.Context, params *DisputeListParams, opts ...RequestOption) (*Page[Dispute], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[Dispute]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/disputes", query: params}, opts)
}

// ListAll iterates over every dispute matching params, fetching pages as
// the loop advances. params is not modified.
//
// GET /disputes
func (s *DisputesService) ListAll(ctx context.Context, params *DisputeListParams, opts ...RequestOption) iter.Seq2[Dispute, error] {
	return iterate(ctx, params, func(ctx context.Context, p *DisputeListParams) (*Page[Dispute], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a dispute with its evidence.
//
// GET /disputes/{id}
func (s *DisputesService) Get(ctx context.Context, id string, opts ...RequestOption) (*Dispute, error) {
	return call[Dispute](ctx, s.client, apiRequest{method: http.MethodGet, path: "/disputes/{id}", id: id}, opts)
}

// UpdateEvidence saves evidence on a dispute without submitting it; it may
// be called any number of times while the dispute is Editable. A nil
// params sends an empty body, which changes nothing.
//
// POST /disputes/{id}/update_evidence
func (s *DisputesService) UpdateEvidence(ctx context.Context, id string, params *DisputeUpdateEvidenceParams, opts ...RequestOption) (*Dispute, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	if params == nil {
		params = &DisputeUpdateEvidenceParams{}
	}
	return call[Dispute](ctx, s.client, apiRequest{method: http.MethodPost, path: "/disputes/{id}/update_evidence", id: id, body: params}, opts)
}

// SubmitEvidence sends the dispute's evidence to the payment processor for
// review. Submitting is final: afterwards the evidence can no longer be
// changed or submitted again, so save everything with UpdateEvidence
// first.
//
// POST /disputes/{id}/submit_evidence
func (s *DisputesService) SubmitEvidence(ctx context.Context, id string, opts ...RequestOption) (*Dispute, error) {
	return call[Dispute](ctx, s.client, apiRequest{method: http.MethodPost, path: "/disputes/{id}/submit_evidence", id: id}, opts)
}

// Dispute decodes the data of a dispute.* event (dispute.created,
// dispute.updated). dispute_alert.created is a different family, left to
// decode by hand. For any other event type it returns an error matching
// ErrWebhookEventType; data that is missing or does not decode gives an
// error matching ErrWebhookInvalidPayload.
func (e *WebhookEvent) Dispute() (*Dispute, error) {
	return eventData[Dispute](e, "dispute.")
}
