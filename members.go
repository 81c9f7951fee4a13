package whop

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// MembersService reads a company's members: each is a user's relationship
// with the company, across all their memberships.
type MembersService service

// MemberStatus says whether a member has joined the company, left it, or
// is still a draft.
type MemberStatus string

// Values of MemberStatus.
const (
	MemberStatusDrafted MemberStatus = "drafted"
	MemberStatusJoined  MemberStatus = "joined"
	MemberStatusLeft    MemberStatus = "left"
)

// MemberMostRecentAction is the latest thing a member did or had happen to
// their membership, such as renewing or churning.
type MemberMostRecentAction string

// Values of MemberMostRecentAction.
const (
	MemberActionCanceling        MemberMostRecentAction = "canceling"
	MemberActionChurned          MemberMostRecentAction = "churned"
	MemberActionFinishedSplitPay MemberMostRecentAction = "finished_split_pay"
	MemberActionPaused           MemberMostRecentAction = "paused"
	MemberActionPaidSubscriber   MemberMostRecentAction = "paid_subscriber"
	MemberActionPaidOnce         MemberMostRecentAction = "paid_once"
	MemberActionExpiring         MemberMostRecentAction = "expiring"
	MemberActionJoined           MemberMostRecentAction = "joined"
	MemberActionDrafted          MemberMostRecentAction = "drafted"
	MemberActionLeft             MemberMostRecentAction = "left"
	MemberActionTrialing         MemberMostRecentAction = "trialing"
	MemberActionPendingEntry     MemberMostRecentAction = "pending_entry"
	MemberActionRenewing         MemberMostRecentAction = "renewing"
	MemberActionPastDue          MemberMostRecentAction = "past_due"
)

// MemberOrder is the field a member list is sorted by.
type MemberOrder string

// Values of MemberOrder.
const (
	MemberOrderID               MemberOrder = "id"
	MemberOrderUSDTotalSpent    MemberOrder = "usd_total_spent"
	MemberOrderCreatedAt        MemberOrder = "created_at"
	MemberOrderJoinedAt         MemberOrder = "joined_at"
	MemberOrderMostRecentAction MemberOrder = "most_recent_action"
)

// MemberListItem is a member as list calls return it.
type MemberListItem struct {
	ID string `json:"id"`
	// AccessLevel is admin for the company's team, customer for a member
	// with a valid membership, no_access otherwise.
	AccessLevel AccessLevel  `json:"access_level"`
	Status      MemberStatus `json:"status"`
	// CompanyTokenBalance is the member's token balance in the company.
	CompanyTokenBalance float64                 `json:"company_token_balance"`
	CreatedAt           time.Time               `json:"created_at"`
	UpdatedAt           time.Time               `json:"updated_at"`
	JoinedAt            time.Time               `json:"joined_at"`
	MostRecentAction    *MemberMostRecentAction `json:"most_recent_action"`
	MostRecentActionAt  *time.Time              `json:"most_recent_action_at"`
	Phone               *string                 `json:"phone"`
	// USDTotalSpent is what the member has spent with the company, in US
	// dollars.
	USDTotalSpent float64  `json:"usd_total_spent"`
	User          *UserRef `json:"user"`
}

// Member is a member with all its details: its list form plus the
// company.
type Member struct {
	MemberListItem
	Company CompanyRef `json:"company"`
}

// MemberListParams filters GET /members.
type MemberListParams struct {
	ListParams
	CompanyID         string                   `url:"company_id,omitempty"`
	AccessLevel       AccessLevel              `url:"access_level,omitempty"`
	MostRecentActions []MemberMostRecentAction `url:"most_recent_actions,brackets,omitempty"`
	PlanIDs           []string                 `url:"plan_ids,brackets,omitempty"`
	ProductIDs        []string                 `url:"product_ids,brackets,omitempty"`
	PromoCodeIDs      []string                 `url:"promo_code_ids,brackets,omitempty"`
	Statuses          []MemberStatus           `url:"statuses,brackets,omitempty"`
	UserIDs           []string                 `url:"user_ids,brackets,omitempty"`
	// Query searches names, usernames and (with the permission) emails.
	Query         string      `url:"query,omitempty"`
	Order         MemberOrder `url:"order,omitempty"`
	Direction     Direction   `url:"direction,omitempty"`
	CreatedBefore *time.Time  `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time  `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *MemberListParams) validate() error {
	if p == nil {
		return nil
	}
	return p.ListParams.validate()
}

// List returns one page of members.
//
// GET /members
func (s *MembersService) List(ctx context.Context, params *MemberListParams, opts ...RequestOption) (*Page[MemberListItem], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[MemberListItem]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/members", query: params}, opts)
}

// ListAll iterates over every member matching params, fetching pages as
// the loop advances. params is not modified.
//
// GET /members
func (s *MembersService) ListAll(ctx context.Context, params *MemberListParams, opts ...RequestOption) iter.Seq2[MemberListItem, error] {
	return iterate(ctx, params, func(ctx context.Context, p *MemberListParams) (*Page[MemberListItem], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a member.
//
// GET /members/{id}
func (s *MembersService) Get(ctx context.Context, id string, opts ...RequestOption) (*Member, error) {
	return call[Member](ctx, s.client, apiRequest{method: http.MethodGet, path: "/members/{id}", id: id}, opts)
}

func (x *Member) identity() (field, value string) { return "id", x.ID }

func (x *MemberListItem) identity() (field, value string) { return "id", x.ID }
