# Run by `cmake --install` (install(CODE) in CMakeLists.txt): the files that name installed paths
# are written for the prefix of *this* install, so `cmake --install BUILD --prefix DIR` gives files
# naming DIR (configure-time paths would name the configured prefix). Written straight to their
# destination (under DESTDIR when set): nothing is written into the build tree, so an install by
# another user than the build's works. Inputs: SANDBOX_TEMPLATES, SANDBOX_LIBEXECDIR,
# SANDBOX_DATADIR, SANDBOX_SYSTEM_INSTALLATION, SANDBOX_PORTAL_NAMES.
set(prefix "${CMAKE_INSTALL_PREFIX}")
set(SANDBOX_PORTAL_PATH "${prefix}/${SANDBOX_LIBEXECDIR}/sandbox-portal")
# Login shells read /etc/profile.d only: a system prefix puts the snippet there, any other prefix
# into PREFIX/etc/profile.d (to be linked into /etc/profile.d by hand).
if(prefix STREQUAL "/usr" OR prefix STREQUAL "/usr/local")
  set(profile_dir /etc/profile.d)
else()
  set(profile_dir "${prefix}/etc/profile.d")
endif()
set(SANDBOX_PROFILE_SNIPPET "${profile_dir}/sandbox.sh")
# The user manager reads units from PREFIX/lib/systemd/user for the system's prefixes and from
# $XDG_DATA_HOME/systemd/user (~/.local/share/…, where a ~/.local install puts it): the D-Bus files
# name the unit, and a systemd-activated bus does not fall back to their Exec= when it is missing.
if(prefix STREQUAL "/usr" OR prefix STREQUAL "/usr/local")
  set(unit_dir "${prefix}/lib/systemd/user")
else()
  set(unit_dir "${prefix}/share/systemd/user")
endif()

macro(sandbox_install_configured template directory name)
  set(sandbox_destination "${directory}/${name}")
  message(STATUS "Installing: $ENV{DESTDIR}${sandbox_destination}")
  configure_file("${SANDBOX_TEMPLATES}/${template}" "$ENV{DESTDIR}${sandbox_destination}" @ONLY
    FILE_PERMISSIONS ${ARGN})
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES "$ENV{DESTDIR}${sandbox_destination}")
endmacro()

set(readable OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
foreach(name IN LISTS SANDBOX_PORTAL_NAMES)
  sandbox_install_configured(dbus-1/${name}.service.in "${prefix}/${SANDBOX_DATADIR}/dbus-1/services"
    ${name}.service ${readable})
endforeach()
sandbox_install_configured(systemd/sandbox-portal.service.in "${unit_dir}" sandbox-portal.service
  ${readable})
sandbox_install_configured(session/sandbox.sh.in "${profile_dir}" sandbox.sh ${readable})
sandbox_install_configured(session/60-sandbox.in
  "${prefix}/lib/systemd/user-environment-generators" 60-sandbox
  ${readable} OWNER_EXECUTE GROUP_EXECUTE WORLD_EXECUTE)
