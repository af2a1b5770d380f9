package templates

import "errors"

// WriteCampaign writes the campaign as the workbook an officer edits.
func WriteCampaign(c *Campaign, path string) error {
	return errors.New("chưa có")
}
