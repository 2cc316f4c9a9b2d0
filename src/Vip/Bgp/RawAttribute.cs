using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// A path attribute kept as received: optional attributes this speaker does not model (RFC 4271 §5), and
/// well-known ones it carries without interpreting. The extended-length flag is not kept: it follows the length.
/// </summary>
public sealed record RawAttribute(byte Flags, byte TypeCode, EquatableArray<byte> Value);
