using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace OpenBooking.Web.Hosting;

/// <summary>
/// The reverse proxies in front of the app (<c>ForwardedHeaders</c> section): only requests from these addresses may
/// say, with <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, who the customer is and which scheme they used, so that
/// per-address code limits count customers, not the proxy. Nothing configured: the headers are ignored.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>172.18.0.0/16</c> (a container network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Any(p => !string.IsNullOrWhiteSpace(p)) || KnownNetworks.Any(n => !string.IsNullOrWhiteSpace(n));

    /// <summary>Applies these settings; a value that is not an address or network stops the app naming the key.</summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(KnownProxies[i]))
            {
                continue;
            }
            var address = IPAddress.TryParse(KnownProxies[i], out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{Section}:KnownProxies:{i} '{KnownProxies[i]}' is not an IP address.");
            options.KnownProxies.Add(address);
            if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                // Kestrel's dual-mode sockets see an IPv4 proxy as ::ffff:a.b.c.d.
                options.KnownProxies.Add(address.MapToIPv6());
            }
        }
        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(KnownNetworks[i]))
            {
                continue;
            }
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(KnownNetworks[i], out var network)
                ? network
                : throw new InvalidOperationException($"{Section}:KnownNetworks:{i} '{KnownNetworks[i]}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."));
        }
    }
}
