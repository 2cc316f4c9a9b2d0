namespace GitGateway.Renderer.Rendering;

/// <summary>
/// What the renderer reads: the files of one commit (or directory), the revision they came from
/// (<c>main@sha1:&lt;commit&gt;</c>) and the controller name, which overrides <c>gitgateway.yaml</c> when set.
/// <see cref="NodeAddresses"/> are the proxy nodes' addresses, reported in the status of Gateways that name
/// neither a ProxyVIP nor spec.addresses (a Git repository cannot know them; the caller may).
/// </summary>
public sealed record RenderInput(IReadOnlyList<SourceFile> Files, string Source, string? ControllerName = null, IReadOnlyList<string>? NodeAddresses = null)
{
    /// <summary>
    /// The objects' ages, derived from Git history by the control plane; null (a working tree, a directory) breaks
    /// ties by <c>{namespace}/{name}</c> alone and says so where it decides which route serves.
    /// </summary>
    public ObjectAges? Ages { get; init; }

    /// <summary>The controller name used when neither the input nor <c>gitgateway.yaml</c> sets one.</summary>
    public const string DefaultControllerName = "gitgateway.dev/gateway-controller";

    /// <summary>
    /// The teams' hostname claims before this change (the pull request's base, the commit applied last), or null when
    /// no history is known: a <c>ClaimConflict</c> is then placed at the claim that is new here, not at the team that
    /// held the hostname first.
    /// </summary>
    public Layout.EstablishedClaims? EstablishedClaims { get; init; }

    /// <summary>Files already loaded by an earlier render of the same repository (by blob id), shared with this one; none when null.</summary>
    public Manifests.ManifestCache? Cache { get; init; }

    /// <summary>
    /// The bindings and entries of the render before through the same <see cref="Cache"/>, reused for the routes this
    /// one has unchanged (and kept from this one for the next); none when null or when <see cref="Cache"/> is null.
    /// </summary>
    public RenderReuse? Reuse { get; init; }
}
