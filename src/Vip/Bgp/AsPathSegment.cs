using GitGateway.Plan;

namespace GitGateway.Vip.Bgp;

/// <summary>One AS_PATH segment (RFC 4271 §4.3; confederation types from RFC 5065).</summary>
/// <param name="Type">1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET.</param>
/// <param name="Asns">The AS numbers, 1 to 255 of them.</param>
public sealed record AsPathSegment(byte Type, EquatableArray<uint> Asns)
{
    /// <summary>AS_SET.</summary>
    public const byte AsSet = 1;

    /// <summary>AS_SEQUENCE.</summary>
    public const byte AsSequence = 2;

    /// <summary>A sequence of the given AS numbers.</summary>
    public static AsPathSegment Sequence(params uint[] asns) => new(AsSequence, [.. asns]);
}
