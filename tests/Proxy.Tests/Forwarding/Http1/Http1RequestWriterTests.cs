using System.Net;
using System.Text;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Forwarding.Http1;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

public sealed class Http1RequestWriterTests
{
    [Fact]
    public void Write_ClientHeaders_GivesOneHeadWithoutHopByHopAndWithForwardedFields()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:10.1.2.3");
        var headers = context.Request.Headers;
        headers.Host = "client.example";
        headers.Connection = "keep-alive, X-Private";
        headers["Keep-Alive"] = "timeout=5";
        headers["TE"] = "trailers";
        headers["Transfer-Encoding"] = "chunked";
        headers["X-Forwarded-For"] = "192.0.2.1";
        headers["X-Forwarded-Proto"] = "https";
        headers["Cookie"] = new StringValues(["a=1", "b=2"]);
        headers["Accept"] = new StringValues(["text/html", "application/json"]);
        headers["X-Bad"] = "a\r\nInjected: 1";
        var target = new UpstreamTarget("http://127.0.0.1:1", "/a%2Fb?q=%20", "backend.example", "client.example", Http2: false, Upgrade: null, Port: 80);
        using var head = new Http1HeadBuilder();

        Http1RequestWriter.Write(context, target, chunked: true, head);

        var text = Encoding.Latin1.GetString(head.Written.Span);
        Assert.Equal(
            "POST /a%2Fb?q=%20 HTTP/1.1\r\nHost: backend.example\r\nCookie: a=1; b=2\r\nAccept: text/html, application/json\r\n"
            + "X-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: client.example\r\nX-Forwarded-Port: 80\r\nTransfer-Encoding: chunked\r\n\r\n",
            text);
    }
}
