namespace GitGateway.Vip.Bgp;

/// <summary>NOTIFICATION error codes and subcodes (RFC 4271 §4.5 and §6, RFC 4486 for Cease subcodes).</summary>
public static class BgpError
{
    public const byte MessageHeader = 1, Open = 2, Update = 3, HoldTimerExpired = 4, Fsm = 5, Cease = 6;

    /// <summary>Send Hold Timer Expired (RFC 9687 §4).</summary>
    public const byte SendHoldTimerExpired = 8;

    // Message Header Error subcodes (RFC 4271 §6.1).
    public const byte ConnectionNotSynchronized = 1, BadMessageLength = 2, BadMessageType = 3;

    // OPEN Message Error subcodes (RFC 4271 §6.2, RFC 5492 §5).
    public const byte Unspecific = 0, UnsupportedVersion = 1, BadPeerAs = 2, BadBgpIdentifier = 3,
        UnsupportedOptionalParameter = 4, UnacceptableHoldTime = 6, UnsupportedCapability = 7;

    // UPDATE Message Error subcodes (RFC 4271 §6.3).
    public const byte MalformedAttributeList = 1, UnrecognizedWellKnownAttribute = 2, MissingWellKnownAttribute = 3,
        AttributeFlagsError = 4, AttributeLengthError = 5, InvalidOrigin = 6, InvalidNextHop = 8,
        OptionalAttributeError = 9, InvalidNetworkField = 10, MalformedAsPath = 11;

    // Cease subcodes (RFC 4486 §4).
    public const byte AdministrativeShutdown = 2, AdministrativeReset = 4, ConnectionRejected = 5, OtherConfigurationChange = 6;

    /// <summary>A short text for logs and status.</summary>
    public static string Describe(byte code, byte subcode) => (code, subcode) switch
    {
        (MessageHeader, ConnectionNotSynchronized) => "header: connection not synchronized",
        (MessageHeader, BadMessageLength) => "header: bad message length",
        (MessageHeader, BadMessageType) => "header: bad message type",
        (MessageHeader, _) => "header error",
        (Open, UnsupportedVersion) => "open: unsupported version",
        (Open, BadPeerAs) => "open: bad peer AS",
        (Open, BadBgpIdentifier) => "open: bad BGP identifier",
        (Open, UnsupportedOptionalParameter) => "open: unsupported optional parameter",
        (Open, UnacceptableHoldTime) => "open: unacceptable hold time",
        (Open, UnsupportedCapability) => "open: unsupported capability",
        (Open, _) => "open error",
        (Update, MalformedAttributeList) => "update: malformed attribute list",
        (Update, UnrecognizedWellKnownAttribute) => "update: unrecognized well-known attribute",
        (Update, MissingWellKnownAttribute) => "update: missing well-known attribute",
        (Update, AttributeFlagsError) => "update: attribute flags error",
        (Update, AttributeLengthError) => "update: attribute length error",
        (Update, InvalidNetworkField) => "update: invalid network field",
        (Update, _) => "update error",
        (HoldTimerExpired, _) => "hold timer expired",
        (Fsm, _) => "finite state machine error",
        (SendHoldTimerExpired, _) => "send hold timer expired",
        (Cease, AdministrativeShutdown) => "cease: administrative shutdown",
        (Cease, AdministrativeReset) => "cease: administrative reset",
        (Cease, ConnectionRejected) => "cease: connection rejected",
        (Cease, _) => "cease",
        _ => "unknown error",
    };
}
