// portal-gtk-chooser [TITLE]: a GTK3 app asking for a file with GtkFileChooserNative, which goes
// through the FileChooser portal when GTK decides to use portals (/.flatpak-info present, or
// GTK_USE_PORTAL=1). Prints path=… and read=<first line>; exits 1 when nothing was chosen.
#include <gtk/gtk.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace {

std::string first_line(const char* path) {
    std::ifstream file(path);
    if (!file) return "error: cannot open";
    std::string line;
    std::getline(file, line);
    return line;
}

}  // namespace

int main(int argc, char** argv) {
    gtk_init(&argc, &argv);
    const char* title = argc > 1 ? argv[1] : "portal-gtk-chooser";
    GtkFileChooserNative* chooser = gtk_file_chooser_native_new(
        title, nullptr, GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
    const gint response = gtk_native_dialog_run(GTK_NATIVE_DIALOG(chooser));
    if (response != GTK_RESPONSE_ACCEPT) {
        std::fprintf(stderr, "portal-gtk-chooser: nothing chosen (response %d)\n", response);
        g_object_unref(chooser);
        return 1;
    }
    gchar* path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(chooser));
    gchar* uri = gtk_file_chooser_get_uri(GTK_FILE_CHOOSER(chooser));
    std::printf("uri=%s\npath=%s\nread=%s\n", uri != nullptr ? uri : "",
                path != nullptr ? path : "", path != nullptr ? first_line(path).c_str() : "");
    g_free(uri);
    g_free(path);
    g_object_unref(chooser);
    return 0;
}
