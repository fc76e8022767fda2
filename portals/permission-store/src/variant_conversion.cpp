#include "sandbox/portals/permission_store/variant_conversion.hpp"

#include <cstdint>
#include <string>

#include "sandbox/portals/portal_errors.hpp"

// Exported by libsdbus-c++ 1.2 (Variant's own constructor uses it), declared in its public
// headers only from 2.0: a message that is only a container for values.
namespace sdbus {
PlainMessage createPlainMessage();
}

namespace sandbox::portals {
namespace {

[[noreturn]] void refuse(const std::string& what) {
    throw_portal_error(kErrorInvalidArgument, "The permission store can't keep " + what);
}

template <typename T>
T read_basic(sdbus::Message& message) {
    T value{};
    message >> value;
    return value;
}

GVariant* read_value(sdbus::Message& message, char type, const std::string& contents);

// The values up to the end of the container entered last, into a builder of `container_type`.
// Frees what a builder holds when a refusal is thrown halfway through a container.
class ScopedBuilder {
  public:
    explicit ScopedBuilder(const std::string& type) {
        g_variant_builder_init(&builder_, G_VARIANT_TYPE(type.c_str()));
    }
    ScopedBuilder(const ScopedBuilder&) = delete;
    ScopedBuilder& operator=(const ScopedBuilder&) = delete;
    ~ScopedBuilder() { g_variant_builder_clear(&builder_); }

    void add(GVariant* value) { g_variant_builder_add_value(&builder_, value); }
    GVariant* end() { return g_variant_builder_end(&builder_); }

  private:
    GVariantBuilder builder_;
};

GVariant* read_children(sdbus::Message& message, const std::string& container_type) {
    ScopedBuilder builder(container_type);
    for (;;) {
        std::string type, contents;
        message.peekType(type, contents);
        if (type.empty() || type[0] == '\0') break;
        builder.add(read_value(message, type[0], contents));
    }
    return builder.end();
}

GVariant* read_container(sdbus::Message& message, char type, const std::string& contents) {
    GVariant* value = nullptr;
    switch (type) {
        case 'a':
            message.enterContainer(contents);
            value = read_children(message, "a" + contents);
            message.exitContainer();
            return value;
        case 'r':
            message.enterStruct(contents);
            value = read_children(message, "(" + contents + ")");
            message.exitStruct();
            return value;
        case 'e':
            message.enterDictEntry(contents);
            value = read_children(message, "{" + contents + "}");
            message.exitDictEntry();
            return value;
        case 'v': {
            message.enterVariant(contents);
            std::string inner_type, inner_contents;
            message.peekType(inner_type, inner_contents);
            value = g_variant_new_variant(read_value(message, inner_type[0], inner_contents));
            message.exitVariant();
            return value;
        }
        default:
            refuse(std::string("values of type '") + type + "'");
    }
}

GVariant* read_value(sdbus::Message& message, char type, const std::string& contents) {
    switch (type) {
        case 'y':
            return g_variant_new_byte(read_basic<std::uint8_t>(message));
        case 'b':
            return g_variant_new_boolean(read_basic<bool>(message));
        case 'n':
            return g_variant_new_int16(read_basic<std::int16_t>(message));
        case 'q':
            return g_variant_new_uint16(read_basic<std::uint16_t>(message));
        case 'i':
            return g_variant_new_int32(read_basic<std::int32_t>(message));
        case 'u':
            return g_variant_new_uint32(read_basic<std::uint32_t>(message));
        case 'x':
            return g_variant_new_int64(read_basic<std::int64_t>(message));
        case 't':
            return g_variant_new_uint64(read_basic<std::uint64_t>(message));
        case 'd':
            return g_variant_new_double(read_basic<double>(message));
        case 's':
            return g_variant_new_string(read_basic<std::string>(message).c_str());
        case 'o':
            return g_variant_new_object_path(read_basic<sdbus::ObjectPath>(message).c_str());
        case 'g':
            return g_variant_new_signature(read_basic<sdbus::Signature>(message).c_str());
        case 'h':
            refuse("file descriptors");
        default:
            return read_container(message, type, contents);
    }
}

void write_value(sdbus::Message& message, GVariant* value);

void write_children(sdbus::Message& message, GVariant* container) {
    GVariantIter iter;
    g_variant_iter_init(&iter, container);
    while (GVariant* child = g_variant_iter_next_value(&iter)) {
        write_value(message, child);
        g_variant_unref(child);
    }
}

// The type string inside the brackets of a tuple or dict entry type, or after an array's 'a'.
std::string inner_signature(GVariant* value, std::size_t strip_front, std::size_t strip_back) {
    const std::string type = g_variant_get_type_string(value);
    return type.substr(strip_front, type.size() - strip_front - strip_back);
}

void write_container(sdbus::Message& message, GVariant* value) {
    switch (g_variant_classify(value)) {
        case G_VARIANT_CLASS_ARRAY:
            message.openContainer(inner_signature(value, 1, 0));
            write_children(message, value);
            message.closeContainer();
            return;
        case G_VARIANT_CLASS_TUPLE:
            if (g_variant_n_children(value) == 0) refuse("the empty tuple");
            message.openStruct(inner_signature(value, 1, 1));
            write_children(message, value);
            message.closeStruct();
            return;
        case G_VARIANT_CLASS_DICT_ENTRY:
            message.openDictEntry(inner_signature(value, 1, 1));
            write_children(message, value);
            message.closeDictEntry();
            return;
        case G_VARIANT_CLASS_VARIANT: {
            GVariant* inner = g_variant_get_variant(value);
            message.openVariant(g_variant_get_type_string(inner));
            write_value(message, inner);
            message.closeVariant();
            g_variant_unref(inner);
            return;
        }
        default:
            refuse(std::string("values of type '") + g_variant_get_type_string(value) +
                   "' on D-Bus");
    }
}

void write_value(sdbus::Message& message, GVariant* value) {
    switch (g_variant_classify(value)) {
        case G_VARIANT_CLASS_BYTE:
            message << g_variant_get_byte(value);
            return;
        case G_VARIANT_CLASS_BOOLEAN:
            message << static_cast<bool>(g_variant_get_boolean(value));
            return;
        case G_VARIANT_CLASS_INT16:
            message << g_variant_get_int16(value);
            return;
        case G_VARIANT_CLASS_UINT16:
            message << g_variant_get_uint16(value);
            return;
        case G_VARIANT_CLASS_INT32:
            message << g_variant_get_int32(value);
            return;
        case G_VARIANT_CLASS_UINT32:
            message << g_variant_get_uint32(value);
            return;
        case G_VARIANT_CLASS_INT64:
            message << static_cast<std::int64_t>(g_variant_get_int64(value));
            return;
        case G_VARIANT_CLASS_UINT64:
            message << static_cast<std::uint64_t>(g_variant_get_uint64(value));
            return;
        case G_VARIANT_CLASS_DOUBLE:
            message << g_variant_get_double(value);
            return;
        case G_VARIANT_CLASS_STRING:
            message << g_variant_get_string(value, nullptr);
            return;
        case G_VARIANT_CLASS_OBJECT_PATH:
            message << sdbus::ObjectPath(g_variant_get_string(value, nullptr));
            return;
        case G_VARIANT_CLASS_SIGNATURE:
            message << sdbus::Signature(g_variant_get_string(value, nullptr));
            return;
        default:
            write_container(message, value);
    }
}

}  // namespace

GVariantRef gvariant_from_sdbus(const sdbus::Variant& value) {
    if (value.isEmpty()) refuse("an empty variant");
    sdbus::PlainMessage message = sdbus::createPlainMessage();
    value.serializeTo(message);
    message.seal();
    message.rewind(true);
    std::string type, contents;
    message.peekType(type, contents);
    GVariant* boxed = read_value(message, type[0], contents);
    GVariantRef inner = GVariantRef::take(g_variant_get_variant(boxed));
    g_variant_unref(g_variant_ref_sink(boxed));
    return inner;
}

sdbus::Variant sdbus_from_gvariant(const GVariantRef& value) {
    if (!value) return sdbus::Variant(std::uint8_t{0});
    sdbus::PlainMessage message = sdbus::createPlainMessage();
    message.openVariant(g_variant_get_type_string(value.get()));
    write_value(message, value.get());
    message.closeVariant();
    message.seal();
    message.rewind(true);
    sdbus::Variant result;
    result.deserializeFrom(message);
    return result;
}

}  // namespace sandbox::portals
