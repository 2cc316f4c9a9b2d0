using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace GitGateway.Reconciler.Tests.Deploy;

/// <summary>One image of an OCI layout (image-spec v1): its config and its layers, read as the runtime reads them.</summary>
internal sealed class OciImage
{
    private readonly string _layout;

    private OciImage(string layout, string tag, JsonElement config, IReadOnlyList<string> layers)
    {
        _layout = layout;
        Tag = tag;
        Config = config;
        Layers = layers;
    }

    /// <summary>The tag of the layout's one image (<c>org.opencontainers.image.ref.name</c>).</summary>
    public string Tag { get; }

    /// <summary>The image config's <c>config</c> object (User, Entrypoint, ExposedPorts, Env, Labels…).</summary>
    public JsonElement Config { get; }

    /// <summary>The layer digests, bottom first.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>The one image of the layout (scripts/build-images.sh writes one per layout).</summary>
    public static OciImage Read(string layout)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var descriptor = index.RootElement.GetProperty("manifests").EnumerateArray().Single();
        var tag = descriptor.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Blob(layout, descriptor.GetProperty("digest").GetString()!)));
        using var config = JsonDocument.Parse(File.ReadAllBytes(Blob(layout, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!)));
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).ToList();
        return new OciImage(layout, tag, config.RootElement.GetProperty("config").Clone(), layers);
    }

    /// <summary>Every entry of every layer, bottom first, with the content of regular files up to <paramref name="maxContent"/> bytes.</summary>
    public IEnumerable<(string Path, TarEntry Entry, byte[]? Content)> Entries(int maxContent)
    {
        foreach (var layer in Layers)
        {
            using var file = File.OpenRead(Blob(_layout, layer));
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (Next(tar) is { } entry)
            {
                byte[]? content = null;
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data && entry.Length <= maxContent)
                {
                    using var buffer = new MemoryStream();
                    data.CopyTo(buffer);
                    content = buffer.ToArray();
                }

                yield return ("/" + entry.Name.TrimStart('.', '/'), entry, content);
            }
        }
    }

    // umoci 0.4.7 ends a layer after the last file's data, without its padding and the two zero blocks that
    // close an archive; runtimes and GNU tar accept that, so the end of the stream is the end of the layer.
    private static TarEntry? Next(TarReader tar)
    {
        try
        {
            return tar.GetNextEntry();
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    private static string Blob(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
}
