using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Hosting;

namespace OpenBooking.Web.Mcp;

/// <summary>
/// Turns <c>Authorization: Bearer &lt;key&gt;</c> into a staff principal when the key is one of <c>Mcp:ApiKeys</c>.
/// Keys are compared as SHA-256 digests in constant time, all of them every time, so neither the length nor
/// the position of a matching key shows in the timing. Keys are never logged.
/// </summary>
public sealed class McpApiKeyAuthenticator(IOptionsMonitor<McpOptions> options)
{
    /// <summary>Claim that identifies which key opened a session (a digest prefix, not the key).</summary>
    public const string KeyIdClaim = "openbooking:mcp-key-id";

    public ClaimsPrincipal? Authenticate(HttpRequest request)
    {
        if (!TryReadBearer(request, out var presented))
        {
            return null;
        }
        var presentedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var key in options.CurrentValue.GetApiKeys())
        {
            if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), presentedDigest))
            {
                match = key;
            }
        }
        if (match is null)
        {
            return null;
        }
        var user = ToolCaller.Staff($"mcp-key:{match[..Math.Min(4, match.Length)]}…");
        ((ClaimsIdentity)user.Identity!).AddClaim(new Claim(KeyIdClaim, Convert.ToHexString(presentedDigest, 0, 8)));
        return user;
    }

    private static bool TryReadBearer(HttpRequest request, out string key)
    {
        key = "";
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header)
        {
            return false;
        }
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        key = header[Scheme.Length..].Trim();
        return key.Length > 0;
    }
}
