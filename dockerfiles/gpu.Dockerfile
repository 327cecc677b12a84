# Reference GPU image for RStudio on Amazon SageMaker.
# Passes every mandatory rule of `sagemaker-rstudio check --gpu` (docs/rules.md).
#
# The CUDA toolkit comes from NVIDIA's apt repository as cuda-toolkit-<major>-<minor>: never the `cuda` or
# `cuda-<major>-<minor>` meta-packages, which pull `cuda-drivers` (RSB009). SageMaker runs GPU images with
# --gpus, which injects the host's driver libraries.
#
# RSW_VERSION and SESSION_IMAGE as in cpu.Dockerfile: 2025.05.1 is the newest line SageMaker lists (read 2026-11-30;
# scheduled for deprecation on 2026-12-05, no newer line listed yet). Posit stops publishing rstudio/r-session-complete
# at the end of 2026: build the next line on posit/workbench-session-complete (<workbench version>-<os> tags, session
# components included), or on posit/workbench-session plus the domain version's session components.
ARG SESSION_IMAGE=rstudio/r-session-complete
ARG RSW_OS=jammy
ARG RSW_VERSION=2025.05.1

FROM --platform=linux/amd64 ${SESSION_IMAGE}:${RSW_OS}-${RSW_VERSION}

ARG R_VERSION=4.4.3
ARG PYTHON_VERSION=3.12.10
ARG JDK_PACKAGE=openjdk-11-jdk
ARG PPM_URL=https://packagemanager.posit.co
ARG SAGEMAKER_SPEC="<3"
# NVIDIA's repository path for Ubuntu 22.04 and the toolkit version (cuda-toolkit-12-4 = CUDA 12.4).
ARG CUDA_REPO=ubuntu2204
ARG CUDA_TOOLKIT_PACKAGE=cuda-toolkit-12-4
ARG CUDA_KEYRING_VERSION=1.1-1

USER root
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      sudo \
      ${JDK_PACKAGE} \
      libpng-dev \
      ca-certificates \
      curl \
 && curl -fsSLo /tmp/cuda-keyring.deb \
      "https://developer.download.nvidia.com/compute/cuda/repos/${CUDA_REPO}/x86_64/cuda-keyring_${CUDA_KEYRING_VERSION}_all.deb" \
 && dpkg -i /tmp/cuda-keyring.deb \
 && rm -f /tmp/cuda-keyring.deb \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ${CUDA_TOOLKIT_PACKAGE} \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

ENV PATH="/usr/local/cuda/bin:${PATH}" \
    LD_LIBRARY_PATH="/usr/local/cuda/lib64"

RUN /opt/R/${R_VERSION}/bin/R -e "install.packages('reticulate', repos='${PPM_URL}/cran/__linux__/jammy/latest')"

RUN /opt/python/${PYTHON_VERSION}/bin/pip install --no-cache-dir --upgrade \
      'boto3>=1.34,<2' \
      'awscli>=1.32,<2' \
      "sagemaker[local]${SAGEMAKER_SPEC}"

ENV RSTUDIO_CONNECT_URL="" \
    RSTUDIO_PACKAGE_MANAGER_URL="https://packagemanager.posit.co" \
    RSTUDIO_FORCE_NON_ZERO_EXIT_CODE=1
