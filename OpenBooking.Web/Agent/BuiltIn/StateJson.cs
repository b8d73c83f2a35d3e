using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// NodaTime values in the stored memory as ISO text. Written without seconds (the agent's times are whole minutes, and
/// this is the shape older versions stored as plain strings); read with or without seconds.
/// </summary>
internal abstract class IsoJsonConverter<T>(IPattern<T> write, params IPattern<T>[] read) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException($"A {typeof(T).Name} cannot be null.");
        foreach (var pattern in read.Prepend(write))
        {
            if (pattern.Parse(text) is { Success: true } parsed)
            {
                return parsed.Value;
            }
        }
        throw new JsonException($"\"{text}\" is not an ISO {typeof(T).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write.Format(value));
}

internal sealed class LocalDateTimeJsonConverter() : IsoJsonConverter<LocalDateTime>(
    LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"), LocalDateTimePattern.ExtendedIso);

internal sealed class LocalDateJsonConverter() : IsoJsonConverter<LocalDate>(LocalDatePattern.Iso);

internal sealed class LocalTimeJsonConverter() : IsoJsonConverter<LocalTime>(
    LocalTimePattern.CreateWithInvariantCulture("HH':'mm"), LocalTimePattern.ExtendedIso);
