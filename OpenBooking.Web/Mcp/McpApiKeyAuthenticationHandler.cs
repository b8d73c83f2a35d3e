using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Web.Mcp;

/// <summary>
/// The <c>McpApiKey</c> authentication scheme: <c>Authorization: Bearer &lt;key&gt;</c> with one of <c>Mcp:ApiKeys</c>
/// makes the caller staff, with the connection's address as its client address (see <see cref="ToolCaller"/>).
/// Keys are compared as SHA-256 digests in constant time, all of them every time, so neither the length nor the
/// position of a matching key shows in the timing. Keys are never logged; a session is bound to the key that
/// opened it (the name identifier is a digest prefix, not the key).
/// </summary>
public sealed class McpApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<McpOptions> mcpOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "McpApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadBearer(Request, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presentedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var key in mcpOptions.CurrentValue.GetApiKeys())
        {
            if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), presentedDigest))
            {
                match = key;
            }
        }
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer key is not one of Mcp:ApiKeys."));
        }
        var staff = ToolCaller.Staff($"mcp-key:{match[..Math.Min(4, match.Length)]}…");
        ((ClaimsIdentity)staff.Identity!).AddClaim(new Claim(ClaimTypes.NameIdentifier, Convert.ToHexString(presentedDigest, 0, 8)));
        var user = ToolCaller.WithClientAddress(staff, Context.Connection.RemoteIpAddress?.ToString());
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(user, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"OpenBooking MCP\"";
        await Response.WriteAsJsonAsync(new McpAuthError(
            "unauthorized", "Send Authorization: Bearer <key> with a key from the Mcp:ApiKeys setting."));
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

    private sealed record McpAuthError(string Error, string Message);
}
