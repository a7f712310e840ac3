# libtorch from a PyTorch wheel, linked directly: headers and shared libraries from the wheel's
# folder, so a machine with PyTorch (CUDA build included) but no CUDA toolkit and no libtorch
# package can build the engine (scripts/gpu-check.sh). PyTorch's own TorchConfig.cmake asks for
# the CUDA toolkit, which only code compiled with nvcc needs; the engine compiles none.
#
# In: MLLAB_TORCH_PYTHON (the Python), optionally MLLAB_TORCH_ROOT (a folder with include/ and
# lib/ laid out like the wheel's, instead of asking Python where torch is).
# Out, as find_package(Torch) sets them: target torch, TORCH_LIBRARIES, TORCH_CXX_FLAGS,
# Torch_VERSION, TORCH_CUDA_LIBRARIES (non-empty for a CUDA build).

set(mllab_query [=[
import os, torch
print(os.path.dirname(torch.__file__))
print(torch.__version__.split('+')[0])
print(int(torch._C._GLIBCXX_USE_CXX11_ABI))
print(int(torch.version.cuda is not None))
]=])
execute_process(COMMAND "${MLLAB_TORCH_PYTHON}" -c "${mllab_query}"
                OUTPUT_VARIABLE mllab_torch_info RESULT_VARIABLE mllab_torch_rc
                ERROR_VARIABLE mllab_torch_err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT mllab_torch_rc EQUAL 0)
    message(FATAL_ERROR "MLLAB_TORCH_PYTHON=${MLLAB_TORCH_PYTHON} cannot import torch:\n${mllab_torch_err}")
endif()
string(REPLACE "\n" ";" mllab_torch_info "${mllab_torch_info}")
list(GET mllab_torch_info 0 mllab_torch_dir)
list(GET mllab_torch_info 1 Torch_VERSION)
list(GET mllab_torch_info 2 mllab_torch_abi)
list(GET mllab_torch_info 3 mllab_torch_cuda)
if(MLLAB_TORCH_ROOT)
    set(mllab_torch_dir "${MLLAB_TORCH_ROOT}")
endif()

# The version the headers state (a wheel's Python version carries suffixes such as "+cu124" or
# "a0" that libtorch's own TORCH_VERSION does not).
file(STRINGS "${mllab_torch_dir}/include/torch/csrc/api/include/torch/version.h" mllab_version_lines
     REGEX "#define TORCH_VERSION_(MAJOR|MINOR|PATCH) ")
foreach(part MAJOR MINOR PATCH)
    string(REGEX REPLACE ".*TORCH_VERSION_${part} ([0-9]+).*" "\\1" mllab_${part} "${mllab_version_lines}")
endforeach()
if(mllab_MAJOR MATCHES "^[0-9]+$")
    set(Torch_VERSION "${mllab_MAJOR}.${mllab_MINOR}.${mllab_PATCH}")
endif()

set(mllab_torch_includes "${mllab_torch_dir}/include"
                         "${mllab_torch_dir}/include/torch/csrc/api/include")
if(NOT EXISTS "${mllab_torch_dir}/include/torch/torch.h"
   AND NOT EXISTS "${mllab_torch_dir}/include/torch/csrc/api/include/torch/torch.h")
    message(FATAL_ERROR "no libtorch headers under ${mllab_torch_dir}/include (a wheel ships them)")
endif()

set(TORCH_LIBRARIES "")
foreach(name torch torch_cpu c10)
    find_library(mllab_lib_${name} ${name} PATHS "${mllab_torch_dir}/lib" NO_DEFAULT_PATH REQUIRED)
endforeach()
set(TORCH_CUDA_LIBRARIES "")
if(mllab_torch_cuda)
    foreach(name torch_cuda c10_cuda)
        find_library(mllab_lib_${name} ${name} PATHS "${mllab_torch_dir}/lib" NO_DEFAULT_PATH
                     REQUIRED)
        list(APPEND TORCH_CUDA_LIBRARIES "${mllab_lib_${name}}")
    endforeach()
endif()

add_library(torch INTERFACE IMPORTED)
set_target_properties(torch PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${mllab_torch_includes}")
# Nothing calls into libtorch_cuda by name: without --no-as-needed the linker drops it and the
# CUDA backend never registers (torch::cuda::is_available() would say false).
target_link_libraries(torch INTERFACE "-Wl,--no-as-needed" ${mllab_lib_torch} ${mllab_lib_torch_cpu}
                      ${TORCH_CUDA_LIBRARIES} ${mllab_lib_c10} "-Wl,--as-needed")
set(TORCH_LIBRARIES torch)
set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=${mllab_torch_abi}")
message(STATUS "libtorch ${Torch_VERSION} from ${mllab_torch_dir} (CUDA: ${mllab_torch_cuda}, "
               "C++11 ABI: ${mllab_torch_abi})")
