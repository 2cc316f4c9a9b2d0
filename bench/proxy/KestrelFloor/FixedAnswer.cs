using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Bench.KestrelFloor;

/// <summary>
/// The application: no pipeline, one <see cref="DefaultHttpContext"/> per connection (as the node's), and an answer of
/// 200 with <c>Content-Type: text/plain</c> and <c>ok</c>, the headers and body the bench's backend sends.
/// </summary>
internal sealed class FixedAnswer : IHttpApplication<DefaultHttpContext>
{
    private static readonly byte[] Body = "ok"u8.ToArray();

    public DefaultHttpContext CreateContext(IFeatureCollection contextFeatures)
    {
        if (contextFeatures is not IHostContextContainer<DefaultHttpContext> container)
        {
            return new DefaultHttpContext(contextFeatures);
        }

        if (container.HostContext is { } reused)
        {
            reused.Initialize(contextFeatures);
            return reused;
        }

        var created = new DefaultHttpContext(contextFeatures);
        container.HostContext = created;
        return created;
    }

    public Task ProcessRequestAsync(DefaultHttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain";
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body, 0, Body.Length);
    }

    public void DisposeContext(DefaultHttpContext context, Exception? exception) => context.Uninitialize();
}
