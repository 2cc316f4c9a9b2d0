using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// What <see cref="GitTreeReader"/> made of one commit's tree, kept so that the next commit's can be derived from it
/// and the changes between them (<see cref="GitTreeDelta"/>) instead of listing the whole tree again: the files read
/// and the entries reported (both sorted by path, as the reader gives them), the repository's caps the commit's
/// <c>gitgateway.yaml</c> sets, and what counts against them (entries read or reported, bytes read).
/// </summary>
internal sealed record TreeListing(string Commit, SourceFiles.Result Result, LimitSet Cap, long Counted, long Bytes)
{
    /// <summary>The listing of a read that was not over the repository's caps.</summary>
    public static TreeListing Of(string commit, SourceFiles.Result result)
    {
        if (result.OverRepositoryCap)
        {
            throw new ArgumentException("a read over the repository's caps holds gitgateway.yaml alone", nameof(result));
        }

        // The reader listed under the caps of the gitgateway.yaml it read, which is the file of that path it gives.
        var config = result.Files.FirstOrDefault(f => f.Path == GitGatewayConfig.FileName);
        var layout = config is null ? null : RepoLayout.Load([config]).Config;
        var bytes = 0L;
        foreach (var file in result.Files)
        {
            bytes += file.Content.Length;
        }

        return new TreeListing(commit, result, (layout?.Limits ?? RepoLimits.Default).Repository, result.Files.Count + result.Diagnostics.Count, bytes);
    }
}
