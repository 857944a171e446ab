/// Which campaigns a list returns; `nil` fields do not filter.
package struct CampaignFilter: Sendable, Equatable {
    package var status: CampaignStatus?
    package var type: CampaignType?
    package var channel: Channel?

    package init(status: CampaignStatus? = nil, type: CampaignType? = nil, channel: Channel? = nil) {
        self.status = status
        self.type = type
        self.channel = channel
    }
}
