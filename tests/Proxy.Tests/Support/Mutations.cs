using CsCheck;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// Byte mutations of valid inputs, for fuzzing what parses network bytes: overwrite, insert or delete bytes (biased
/// to the bytes parsers decide on: CR, LF, NUL, colon, digits, hex, quotes, braces), duplicate a range, truncate.
/// <see cref="Binary"/> adds the edits binary protocols decide on: a byte or a big-endian 16-bit length field set to
/// 0, 1, max or off by one. Short runs take <see cref="Iterations"/>; <c>GITGATEWAY_FUZZ_ITERATIONS</c> sets a long run.
/// Linked into the Vip and Reconciler tests too: one copy.
/// </summary>
internal static class Mutations
{
    private static readonly byte[] Interesting = "\r\n\0 \t:;,-0123456789aAfFxX\"{}[]/\\%\u007f"u8.ToArray();

    private static readonly Gen<byte> Bytes = Gen.Frequency((3, Gen.Int[0, Interesting.Length - 1].Select(i => Interesting[i])), (1, Gen.Byte));

    private static readonly byte[] Boundaries = [0, 1, 2, 3, 4, 0x7F, 0x80, 0xFE, 0xFF];

    private static readonly Gen<byte> BinaryBytes = Gen.Frequency((1, Gen.Int[0, Boundaries.Length - 1].Select(i => Boundaries[i])), (1, Gen.Byte));

    private static readonly Gen<(int Kind, double At, byte Value, int Span)> Edit = Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Bytes, Gen.Int[1, 16]);

    private static readonly Gen<(int Kind, double At, byte Value, int Span)> BinaryEdit = Gen.Select(Gen.Int[0, 6], Gen.Double[0, 1], BinaryBytes, Gen.Int[1, 16]);

    /// <summary>How many cases a property runs: a few thousand by default, or the long-run count from the environment.</summary>
    public static long Iterations(long shortRun) =>
        long.TryParse(Environment.GetEnvironmentVariable("GITGATEWAY_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : shortRun;

    /// <summary>One of <paramref name="seeds"/> with 0 to 8 edits, or (one case in eight) bytes made up from nothing.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds) => Gen.Frequency(
        (7, Gen.Select(Gen.Int[0, seeds.Count - 1], Edit.Array[0, 8]).Select(t => Apply(seeds[t.Item1], t.Item2))),
        (1, Bytes.Array[0, 256]));

    /// <summary>Like <see cref="Of"/>, with byte and 16-bit field edits at boundary values (0, 1, max, off by one).</summary>
    public static Gen<byte[]> Binary(IReadOnlyList<byte[]> seeds) => Gen.Frequency(
        (7, Gen.Select(Gen.Int[0, seeds.Count - 1], BinaryEdit.Array[0, 6]).Select(t => Apply(seeds[t.Item1], t.Item2))),
        (1, Gen.Byte.Array[0, 256]));

    private static byte[] Apply(byte[] seed, (int Kind, double At, byte Value, int Span)[] edits)
    {
        var data = new List<byte>(seed);
        foreach (var (kind, at, value, span) in edits)
        {
            var pos = (int)(at * data.Count);
            switch (kind)
            {
                case 0 when pos < data.Count:
                    data[pos] = value;
                    break;
                case 1:
                    data.Insert(pos, value);
                    break;
                case 2 when pos < data.Count:
                    data.RemoveRange(pos, Math.Min(span, data.Count - pos));
                    break;
                case 3 when pos < data.Count:
                    data.InsertRange(pos, data.GetRange(pos, Math.Min(span, data.Count - pos)));
                    break;
                case 4:
                    data.RemoveRange(pos, data.Count - pos);
                    break;
                case 5 when pos < data.Count:
                    data[pos] = (byte)(data[pos] + (value % 2 == 0 ? 1 : -1)); // off by one
                    break;
                case 6 when pos + 1 < data.Count:
                    var field = value switch { 0 => 0, 1 => 0xFFFF, 2 => 1, _ => ((data[pos] << 8) | data[pos + 1]) + (value % 2 == 0 ? 1 : -1) };
                    data[pos] = (byte)(field >> 8);
                    data[pos + 1] = (byte)field;
                    break;
            }
        }

        return [.. data];
    }
}
