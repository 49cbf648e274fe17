# The architecture's walls as link boundaries (docs/design.md, "Walls"):
# one static library per folder of src/, each seeing only the headers of
# the libraries it links. A source that includes a header across a wall
# fails to compile ("fatal error: kvm_dev.h: No such file or directory"),
# and one that calls across it fails to link. Headers are included by bare
# name; tests/integration/walls.sh forbids "../" includes and checks each
# library's undefined symbols with nm.
#
#   base      the words (ops, page states, events, verdicts), clock, files
#   oracle    judges events and reads traces: base and json-c only (pure)
#   seq       operation sequences: generate, parse, print, minimize
#   exec      the arena and the event collector that feeds the oracle
#   workers   CPU-side mutators: never a backend
#   sva/*     one library per backend, each seeing only sva/backend.h and
#             what is below it: never a worker, never another backend
#   backends  the registry (sva/backends.c): links every backend
#   engine    runs a program: workers + a backend + the collector
#   report    a results folder read back: report.html, its checks, KTAP, KCIDB
#   farm      many jobs' results folders merged into one (svafuzz merge)
#   run       a whole run: findings, results, klog, disk, replay
#   cli       the commands (main.c is the executable)
#
# sf_walls(SUFFIX OPTIONS) makes them all, named sf_<name>SUFFIX, with
# extra compile OPTIONS (the fuzz build's instrumented copy), and
# svafuzz_coreSUFFIX, everything for tests and benchmarks.
function(sf_walls sfx opts)
  function(sf_lib name dir)
    file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${dir}/*.c)
    list(REMOVE_ITEM srcs ${CMAKE_SOURCE_DIR}/src/cli/main.c)
    add_library(sf_${name}${sfx} STATIC ${srcs})
    target_include_directories(sf_${name}${sfx} PUBLIC ${CMAKE_SOURCE_DIR}/src/${dir})
    target_compile_options(sf_${name}${sfx} PRIVATE ${opts})
    foreach(dep ${ARGN})
      if(TARGET sf_${dep}${sfx})
        target_link_libraries(sf_${name}${sfx} PUBLIC sf_${dep}${sfx})
      else()
        target_link_libraries(sf_${name}${sfx} PUBLIC ${dep})
      endif()
    endforeach()
  endfunction()

  sf_lib(base base Threads::Threads m)
  target_include_directories(sf_base${sfx} PUBLIC ${CMAKE_BINARY_DIR}/gen)
  sf_lib(oracle oracle base PkgConfig::JSONC)
  sf_lib(seq seq base)
  sf_lib(exec exec oracle base)
  sf_lib(workers workers exec seq base ${NUMA_LIB})
  target_include_directories(sf_workers${sfx} PRIVATE ${NUMA_INCLUDE})
  # the interface every backend sees: sva/backend.h and what is below it
  add_library(sf_backend_api${sfx} INTERFACE)
  target_include_directories(sf_backend_api${sfx} INTERFACE ${CMAKE_SOURCE_DIR}/src/sva)
  target_link_libraries(sf_backend_api${sfx} INTERFACE sf_exec${sfx} sf_seq${sfx} sf_base${sfx})
  sf_lib(be_sim sva/sim backend_api)
  sf_lib(be_kvm sva/kvm backend_api)
  sf_lib(be_svatest sva/svatest backend_api)
  target_include_directories(sf_be_svatest${sfx} PRIVATE ${CMAKE_SOURCE_DIR}/kernel/svatest)
  sf_lib(be_uring sva/uring backend_api PkgConfig::URING)
  sf_lib(be_hmm sva/hmm backend_api)
  sf_lib(be_iommufd sva/iommufd backend_api)
  sf_lib(be_vfio sva/vfio backend_api)
  sf_lib(be_planned sva/planned backend_api)
  sf_lib(backends sva be_sim be_kvm be_svatest be_uring be_hmm be_iommufd be_vfio be_planned backend_api)
  sf_lib(engine engine backends workers exec seq oracle base)
  sf_lib(report report base PkgConfig::JSONC)
  sf_lib(run run engine report backends exec seq oracle base PkgConfig::JSONC)
  target_include_directories(sf_run${sfx} PRIVATE ${CMAKE_SOURCE_DIR}/kernel/svaplant)
  sf_lib(farm farm report base PkgConfig::JSONC)
  sf_lib(cli cli farm run report backends workers oracle seq base PkgConfig::INIH)
  add_library(svafuzz_core${sfx} INTERFACE)
  target_link_libraries(svafuzz_core${sfx} INTERFACE sf_cli${sfx})
endfunction()
