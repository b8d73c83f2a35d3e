using Microsoft.Extensions.Options;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Zapier;

/// <summary>Turns the signing secret the dashboard stored protected back into its plain value when options bind.</summary>
internal sealed class ZapierSecretsPostConfigure(SecretSettings secrets) : IPostConfigureOptions<ZapierOptions>
{
    public void PostConfigure(string? name, ZapierOptions options) =>
        options.SigningSecret = secrets.Unprotect("Zapier:SigningSecret", options.SigningSecret);
}
