namespace GitGateway.Renderer.Diagnostics;

/// <summary>
/// The stable diagnostic codes. Where a Gateway API status reason fits, the code is that reason; the others
/// are ours. Tools may match on these strings: never rename one.
/// </summary>
public static class DiagnosticCodes
{
#pragma warning disable CS1591 // the names say what they are; the README lists them with their meaning
    public const string YamlSyntax = "YamlSyntax";
    public const string FileTooLarge = "FileTooLarge";
    public const string TooManyDocuments = "TooManyDocuments";
    public const string NestingTooDeep = "NestingTooDeep";
    public const string AliasLimit = "AliasLimit";
    public const string DuplicateKey = "DuplicateKey";
    public const string NotAnObject = "NotAnObject";
    public const string UnknownKind = "UnknownKind";
    public const string UnsupportedApiVersion = "UnsupportedApiVersion";
    public const string MissingField = "MissingField";
    public const string InvalidField = "InvalidField";
    public const string DuplicateObject = "DuplicateObject";
    public const string InvalidHostname = "InvalidHostname";
    public const string InvalidRegex = "InvalidRegex";
    public const string UnsupportedRegex = "UnsupportedRegex";
    public const string OutOfRange = "OutOfRange";
    public const string InvalidDuration = "InvalidDuration";
    public const string InvalidCertificate = "InvalidCertificate";
    public const string InvalidFilter = "InvalidFilter";
    public const string LimitExceeded = "LimitExceeded";
    public const string NotOwner = "NotOwner";
    public const string HostnameNotOwned = "HostnameNotOwned";
    public const string NamespaceNotOwned = "NamespaceNotOwned";
    public const string PlatformOnlyKind = "PlatformOnlyKind";
    public const string FileOutsideLayout = "FileOutsideLayout";
    public const string InvalidTeam = "InvalidTeam";
    public const string ClaimConflict = "ClaimConflict";
    public const string VipOverlap = "VipOverlap";
    public const string InvalidVip = "InvalidVip";
    public const string VipPortNotCovered = "VipPortNotCovered";
    public const string VipNotFound = "VipNotFound";
    public const string VipOutsidePool = "VipOutsidePool";
    public const string InvalidVipPool = "InvalidVipPool";
    public const string VipPeerOverCap = "VipPeerOverCap";
    public const string PolicyTargetNotFound = "PolicyTargetNotFound";
    public const string EnforcedPolicyOverride = "EnforcedPolicyOverride";
    public const string InvalidEncoding = "InvalidEncoding";
    public const string DuplicateParentRef = "DuplicateParentRef";
    public const string UnknownField = "UnknownField";
    public const string ControlCharacter = "ControlCharacter";
    public const string InvalidPath = "InvalidPath";
    public const string InvalidName = "InvalidName";
    public const string IgnoredField = "IgnoredField";
    public const string DeprecatedApiVersion = "DeprecatedApiVersion";
    public const string RuleViolation = "RuleViolation";
    public const string IngressServed = "IngressServed";
    public const string IngressNotServed = "IngressNotServed";
    public const string IngressNotConverted = "IngressNotConverted";
    public const string IngressApproximated = "IngressApproximated";
    public const string RouteAgeUnknown = "RouteAgeUnknown";
#pragma warning restore CS1591
}
