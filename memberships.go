package whop

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// MembershipsService reads and manages memberships: a member's access to a
// product under a plan, with its billing state.
type MembershipsService service

// MembershipStatus is the state of a membership.
type MembershipStatus string

// Values of MembershipStatus.
const (
	MembershipStatusTrialing   MembershipStatus = "trialing"
	MembershipStatusActive     MembershipStatus = "active"
	MembershipStatusPastDue    MembershipStatus = "past_due"
	MembershipStatusCompleted  MembershipStatus = "completed"
	MembershipStatusCanceled   MembershipStatus = "canceled"
	MembershipStatusExpired    MembershipStatus = "expired"
	MembershipStatusUnresolved MembershipStatus = "unresolved"
	MembershipStatusDrafted    MembershipStatus = "drafted"
	MembershipStatusCanceling  MembershipStatus = "canceling"
)

// CancelOption is the reason a customer picked when canceling a
// membership.
type CancelOption string

// Values of CancelOption.
const (
	CancelOptionTooExpensive    CancelOption = "too_expensive"
	CancelOptionSwitching       CancelOption = "switching"
	CancelOptionMissingFeatures CancelOption = "missing_features"
	CancelOptionTechnicalIssues CancelOption = "technical_issues"
	CancelOptionBadExperience   CancelOption = "bad_experience"
	CancelOptionOther           CancelOption = "other"
	CancelOptionTesting         CancelOption = "testing"
)

// CancellationMode says when a cancellation takes effect.
type CancellationMode string

// Values of CancellationMode.
const (
	// CancellationModeAtPeriodEnd keeps access until the paid period ends.
	CancellationModeAtPeriodEnd CancellationMode = "at_period_end"
	// CancellationModeImmediate revokes access at once.
	CancellationModeImmediate CancellationMode = "immediate"
)

// MembershipOrder is the field a membership list is sorted by.
type MembershipOrder string

// Values of MembershipOrder.
const (
	MembershipOrderID         MembershipOrder = "id"
	MembershipOrderCreatedAt  MembershipOrder = "created_at"
	MembershipOrderStatus     MembershipOrder = "status"
	MembershipOrderCanceledAt MembershipOrder = "canceled_at"
	MembershipOrderDateJoined MembershipOrder = "date_joined"
	MembershipOrderTotalSpend MembershipOrder = "total_spend"
)

// MembershipListItem is a membership as list calls return it.
type MembershipListItem struct {
	ID     string           `json:"id"`
	Status MembershipStatus `json:"status"`
	// CancelAtPeriodEnd is true when a renewing membership ends, instead
	// of renewing, at RenewalPeriodEnd.
	CancelAtPeriodEnd  bool          `json:"cancel_at_period_end"`
	CancelOption       *CancelOption `json:"cancel_option"`
	CanceledAt         *time.Time    `json:"canceled_at"`
	CancellationReason *string       `json:"cancellation_reason"`
	// CheckoutConfigurationID is the checkout configuration the membership
	// was bought through, if any.
	CheckoutConfigurationID *string    `json:"checkout_configuration_id"`
	Company                 CompanyRef `json:"company"`
	CreatedAt               time.Time  `json:"created_at"`
	UpdatedAt               time.Time  `json:"updated_at"`
	Currency                *Currency  `json:"currency"`
	JoinedAt                *time.Time `json:"joined_at"`
	LicenseKey              *string    `json:"license_key"`
	// ManageURL is where the customer manages or cancels the membership.
	ManageURL *string        `json:"manage_url"`
	Member    *MemberRef     `json:"member"`
	Metadata  map[string]any `json:"metadata"`
	// PaymentCollectionPaused is true while renewals are paused (Pause).
	PaymentCollectionPaused bool                 `json:"payment_collection_paused"`
	Plan                    PlanRef              `json:"plan"`
	Product                 ProductRef           `json:"product"`
	PromoCode               *MembershipPromoCode `json:"promo_code"`
	// RenewalPeriodStart and RenewalPeriodEnd bound the current billing
	// period of a renewing membership; both are nil for one-time plans.
	RenewalPeriodStart *time.Time `json:"renewal_period_start"`
	RenewalPeriodEnd   *time.Time `json:"renewal_period_end"`
	// User is nil when the user's account was deleted.
	User *UserRef `json:"user"`
}

// Membership is a membership with all its details: the fields of its list
// form plus the answers to the checkout's custom questions.
type Membership struct {
	MembershipListItem
	CustomFieldResponses []CustomFieldResponse `json:"custom_field_responses"`
}

// MembershipPromoCode is the promo code applied to a membership's billing.
type MembershipPromoCode struct {
	ID string `json:"id"`
}

// CustomFieldResponse is a buyer's answer to a custom checkout question.
type CustomFieldResponse struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// MembershipListParams filters GET /memberships. Every field is optional;
// with an API key the API expects CompanyID.
type MembershipListParams struct {
	ListParams
	CompanyID     string             `url:"company_id,omitempty"`
	CancelOptions []CancelOption     `url:"cancel_options,brackets,omitempty"`
	PlanIDs       []string           `url:"plan_ids,brackets,omitempty"`
	ProductIDs    []string           `url:"product_ids,brackets,omitempty"`
	PromoCodeIDs  []string           `url:"promo_code_ids,brackets,omitempty"`
	Statuses      []MembershipStatus `url:"statuses,brackets,omitempty"`
	UserIDs       []string           `url:"user_ids,brackets,omitempty"`
	Order         MembershipOrder    `url:"order,omitempty"`
	Direction     Direction          `url:"direction,omitempty"`
	CreatedBefore *time.Time         `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time         `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *MembershipListParams) validate() error {
	if p == nil {
		return nil
	}
	return p.ListParams.validate()
}

// MembershipUpdateParams is the body of PATCH /memberships/{id}. Metadata
// replaces the stored metadata when set, erases it when Null, and is left
// alone when nil.
type MembershipUpdateParams struct {
	Metadata Nullable[map[string]any] `json:"metadata,omitempty"`
}

// MembershipCancelParams is the body of POST /memberships/{id}/cancel.
type MembershipCancelParams struct {
	// CancellationMode is when the cancellation takes effect; the API's
	// default applies when nil.
	CancellationMode *CancellationMode `json:"cancellation_mode,omitempty"`
}

// MembershipPauseParams is the body of POST /memberships/{id}/pause.
type MembershipPauseParams struct {
	// VoidPayments voids the membership's past-due payments, so they are
	// not collected later.
	VoidPayments *bool `json:"void_payments,omitempty"`
}

// MembershipAddFreeDaysParams is the body of POST
// /memberships/{id}/add_free_days.
type MembershipAddFreeDaysParams struct {
	// FreeDays is how many days to add, from 1 to MaxFreeDays.
	FreeDays int `json:"free_days"`
}

// MaxFreeDays is the most free days one AddFreeDays call may add.
const MaxFreeDays = 1095

func (p *MembershipAddFreeDaysParams) validate() error {
	if p == nil || p.FreeDays == 0 {
		return paramErr("free_days", "is required")
	}
	if p.FreeDays < 1 || p.FreeDays > MaxFreeDays {
		return paramErr("free_days", "must be between 1 and "+itoa(MaxFreeDays))
	}
	return nil
}

// List returns one page of memberships.
//
// GET /memberships
func (s *MembershipsService) List(ctx context.Context, params *MembershipListParams, opts ...RequestOption) (*Page[MembershipListItem], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[MembershipListItem]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/memberships", query: params}, opts)
}

// ListAll iterates over every membership matching params, fetching pages
// as the loop advances. params is not modified.
//
// GET /memberships
func (s *MembershipsService) ListAll(ctx context.Context, params *MembershipListParams, opts ...RequestOption) iter.Seq2[MembershipListItem, error] {
	return iterate(ctx, params, func(ctx context.Context, p *MembershipListParams) (*Page[MembershipListItem], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a membership.
//
// GET /memberships/{id}
func (s *MembershipsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Membership, error) {
	return call[Membership](ctx, s.client, apiRequest{method: http.MethodGet, path: "/memberships/{id}", id: id}, opts)
}

// Update changes a membership's metadata.
//
// PATCH /memberships/{id}
func (s *MembershipsService) Update(ctx context.Context, id string, params *MembershipUpdateParams, opts ...RequestOption) (*Membership, error) {
	if params == nil {
		params = &MembershipUpdateParams{}
	}
	return call[Membership](ctx, s.client, apiRequest{method: http.MethodPatch, path: "/memberships/{id}", id: id, body: params}, opts)
}

// Cancel cancels a membership, at once or at the end of the paid period
// (params.CancellationMode). A nil params sends no body.
//
// POST /memberships/{id}/cancel
func (s *MembershipsService) Cancel(ctx context.Context, id string, params *MembershipCancelParams, opts ...RequestOption) (*Membership, error) {
	return call[Membership](ctx, s.client, apiRequest{method: http.MethodPost, path: "/memberships/{id}/cancel", id: id, body: optionalBody(params)}, opts)
}

// Pause stops collecting a membership's renewal payments; the member keeps
// access. A nil params sends no body.
//
// POST /memberships/{id}/pause
func (s *MembershipsService) Pause(ctx context.Context, id string, params *MembershipPauseParams, opts ...RequestOption) (*Membership, error) {
	return call[Membership](ctx, s.client, apiRequest{method: http.MethodPost, path: "/memberships/{id}/pause", id: id, body: optionalBody(params)}, opts)
}

// Resume restarts the renewal payments of a paused membership.
//
// POST /memberships/{id}/resume
func (s *MembershipsService) Resume(ctx context.Context, id string, opts ...RequestOption) (*Membership, error) {
	return call[Membership](ctx, s.client, apiRequest{method: http.MethodPost, path: "/memberships/{id}/resume", id: id}, opts)
}

// Uncancel withdraws a cancellation scheduled for the end of the period.
//
// POST /memberships/{id}/uncancel
func (s *MembershipsService) Uncancel(ctx context.Context, id string, opts ...RequestOption) (*Membership, error) {
	return call[Membership](ctx, s.client, apiRequest{method: http.MethodPost, path: "/memberships/{id}/uncancel", id: id}, opts)
}

// AddFreeDays extends a membership's current period (or its expiry, or its
// trial) by params.FreeDays days.
//
// POST /memberships/{id}/add_free_days
func (s *MembershipsService) AddFreeDays(ctx context.Context, id string, params *MembershipAddFreeDaysParams, opts ...RequestOption) (*Membership, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Membership](ctx, s.client, apiRequest{method: http.MethodPost, path: "/memberships/{id}/add_free_days", id: id, body: params}, opts)
}

// Membership decodes the data of a membership.* event (activated,
// deactivated, cancel_at_period_end_changed). For any other event type it
// returns an error matching ErrWebhookEventType; data that is missing or
// does not decode gives an error matching ErrWebhookInvalidPayload.
func (e *WebhookEvent) Membership() (*Membership, error) {
	return eventData[Membership](e, "membership.")
}

func (x *Membership) identity() (field, value string) { return "id", x.ID }

func (x *MembershipListItem) identity() (field, value string) { return "id", x.ID }
