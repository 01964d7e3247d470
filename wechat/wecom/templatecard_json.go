package wecom

import (
	"encoding/json"
	"fmt"
)

// UnmarshalJSON reads a Message as encoding/json wrote it, its TemplateCard included: the card's card_type names
// the concrete card to decode into (a delivery stores the message it first sent and repeats it byte for byte).
func (m *Message) UnmarshalJSON(b []byte) error {
	type plain Message
	var v struct {
		plain
		TemplateCard json.RawMessage
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*m = Message(v.plain)
	if len(v.TemplateCard) == 0 || string(v.TemplateCard) == "null" {
		m.TemplateCard = nil
		return nil
	}
	c, err := DecodeTemplateCard(v.TemplateCard)
	if err != nil {
		return err
	}
	m.TemplateCard = c
	return nil
}

// DecodeTemplateCard reads a template card as WeCom's JSON spells it, picking its type by card_type.
func DecodeTemplateCard(raw []byte) (TemplateCard, error) {
	var head struct {
		CardType string `json:"card_type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("wecom: template card: %w", err)
	}
	var c TemplateCard
	var err error
	switch head.CardType {
	case CardTextNotice:
		c, err = decodeCard[TextNoticeCard](raw)
	case CardNewsNotice:
		c, err = decodeCard[NewsNoticeCard](raw)
	case CardButtonInteraction:
		c, err = decodeCard[ButtonInteractionCard](raw)
	case CardVoteInteraction:
		c, err = decodeCard[VoteInteractionCard](raw)
	case CardMultipleInteraction:
		c, err = decodeCard[MultipleInteractionCard](raw)
	default:
		return nil, fmt.Errorf("wecom: template card: unknown card_type %q", head.CardType)
	}
	if err != nil {
		return nil, fmt.Errorf("wecom: template card %s: %w", head.CardType, err)
	}
	return c, nil
}

// decodeCard decodes raw into a *T; card_type, which T's fields lack, is ignored.
func decodeCard[T any](raw []byte) (*T, error) {
	var c T
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
