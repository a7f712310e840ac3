# Debian's hardening flags (dpkg-buildflags' "hardening=+all" on amd64) for every target:
# position-independent executables, stack protector and clash protection, control-flow
# protection, fortified libc calls, and a read-only relocation table bound at start-up.
option(MLLAB_HARDENING "Build with Debian's hardening flags" ON)
if(MLLAB_HARDENING)
    include(CheckPIESupported)
    check_pie_supported()
    set(CMAKE_POSITION_INDEPENDENT_CODE ON)
    add_compile_options(-fstack-protector-strong -fstack-clash-protection -fcf-protection
                        -Wformat -Werror=format-security)
    # _FORTIFY_SOURCE needs optimisation; Debug builds keep their plain -O0.
    add_compile_definitions($<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
    add_link_options(LINKER:-z,relro LINKER:-z,now)
endif()
