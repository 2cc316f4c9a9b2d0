using System.Text;
using System.Text.Json;
using CsCheck;
using GitGateway.Proxy.Policies.Waf;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Policies.Waf;

/// <summary>
/// Fuzzing the WAF's body reader, which reads bytes a client chose: mutated JSON and form bodies never throw; a complete
/// JSON body is called unparsable exactly when a second reader (the DOM, every string read as text) refuses it; bytes
/// called unparsable while more may come are refused whole too, and no prefix of a document is called so; a form body's
/// arguments are counted as a plain split of its text counts them.
/// </summary>
public sealed class WafBodyInspectorFuzzTests
{
    private static readonly JsonDocumentOptions DomOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly byte[][] JsonSeeds = [.. new[]
    {
        """{"q":"1' OR '1'='1","n":[1,2.5e3,-0,true,false,null]}""",
        """{"a":{"b":{"c":[{"d":"\u003cscript\u003e"}]}},}""",
        """[ "x", /* comment */ "\ud83d\ude00", "\ud800" ]""",
        """{"file":"..\/..\/etc\/passwd","e":"\"\\\b\f\n\r\t"}""",
        "{\"k\u00e9y\":\"v\u00e4lue \u4e2d\"}",
        """{"a": """,
    }.Select(Encoding.UTF8.GetBytes)];

    private static readonly byte[][] FormSeeds = [.. new[]
    {
        "user=admin%27--&pass=x",
        "a=1&&b=%3Cscript%3E&c&=d&e=%ZZ%&f=%C3%A9+%E4%B8%AD",
        "q=%00%0d%0a&x=%F0%9F%98%80%ED%A0%80",
    }.Select(Encoding.UTF8.GetBytes)];

    private static readonly char[] Decisive = ['"', '\\', '/', '<', '\'', '\u2028', '\ufeff'];

    private static readonly Gen<string> HostileText = Gen.Frequency(
        (4, Gen.Char['\0', '\u007f']),
        (1, Gen.Char['\u0080', '\ud7ff']),
        (1, Gen.Int[0, Decisive.Length - 1].Select(i => Decisive[i]))).Array[0, 24].Select(chars => new string(chars));

    private static readonly Gen<string> Documents = Gen.Select(HostileText.Array[0, 6], HostileText.Array[0, 6], Gen.Int[0, 4]).Select(Write);

    [Fact]
    public void Inspect_MutatedCompleteJson_UnparsableExactlyWhenTheDomRefusesIt() =>
        Mutations.Of(JsonSeeds).Sample(body => Assert.Equal(DomRefuses(body), Unparsable(body, complete: true)),
            iter: Mutations.Iterations(20_000));

    [Fact]
    public void Inspect_MutatedTruncatedJson_UnparsableOnlyWhenNoEndCouldMendIt() =>
        Mutations.Of(JsonSeeds).Sample(body =>
        {
            // Bytes already wrong while more may come stay wrong whatever comes: the whole body must be refused too.
            if (Unparsable(body, complete: false))
            {
                Assert.True(DomRefuses(body));
                Assert.True(Unparsable(body, complete: true));
            }
        }, iter: Mutations.Iterations(20_000));

    [Fact]
    public void Inspect_EveryPrefixOfADocument_IsNotUnparsableWhileMoreMayCome() =>
        Documents.Sample(text =>
        {
            var body = Encoding.UTF8.GetBytes(text);
            Assert.False(DomRefuses(body));
            Assert.False(Unparsable(body, complete: true));
            for (var length = 0; length < body.Length; length++)
            {
                Assert.False(Unparsable(body.AsSpan(0, length), complete: false), text[..Math.Min(text.Length, 200)]);
            }
        }, iter: Mutations.Iterations(300));

    [Fact]
    public void Inspect_MutatedForms_CountsTheNonEmptyPairsOfTheText() =>
        Mutations.Of(FormSeeds).Sample(body =>
        {
            var findings = default(WafFindings);
            var count = WafBodyInspector.Inspect(body, complete: true, WafBodyKind.Form, 4, ref findings);
            var expected = Encoding.UTF8.GetString(body).Split('&').Count(pair => pair.Length > 0);
            Assert.Equal(expected, count);
        }, iter: Mutations.Iterations(20_000));

    private static bool Unparsable(ReadOnlySpan<byte> body, bool complete)
    {
        var findings = default(WafFindings);
        WafBodyInspector.Inspect(body, complete, WafBodyKind.Json, 4, ref findings);
        return findings.Has(ProtocolRules.UnparsableBody);
    }

    /// <summary>The second reader: the whole document as a DOM, then every property name and string read as text.</summary>
    private static bool DomRefuses(byte[] body)
    {
        if (body.Length == 0)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body, DomOptions);
            ReadStrings(document.RootElement);
            return false;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return true;
        }
    }

    private static void ReadStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    ReadStrings(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ReadStrings(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }

    private static string Write((string[] Keys, string[] Values, int Depth) shape)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            for (var level = 0; level < shape.Depth; level++)
            {
                writer.WriteStartArray();
            }

            writer.WriteStartObject();
            for (var i = 0; i < shape.Keys.Length; i++)
            {
                writer.WriteString(shape.Keys[i] + i, i < shape.Values.Length ? shape.Values[i] : null);
            }

            writer.WriteStartArray("rest");
            foreach (var value in shape.Values)
            {
                writer.WriteStringValue(value);
                writer.WriteNumberValue(value.Length * -1.5);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            for (var level = 0; level < shape.Depth; level++)
            {
                writer.WriteEndArray();
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
